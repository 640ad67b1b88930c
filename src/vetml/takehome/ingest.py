"""Safe ingestion of a candidate's take-home project from a folder, an archive or a git repository.

Candidate code is hostile and is never run or imported: files are only read, within Limits, and what is
left out (links, tool caches, files nested too deep) is noted in Project.skipped. Archives are handled in
archives.py and repositories in gitrepo.py; this module reads folders and picks the reader for a source.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vetml.errors import InvalidInput, PayloadTooLarge, VetmlError
from vetml.takehome.archives import from_archive
from vetml.takehome.gitrepo import from_git, read_history
from vetml.takehome.project import DEFAULT_LIMITS, Collector, GitCommit, Limits, Project, ProjectFile, shown, size_text

__all__ = ["GitCommit", "Limits", "Project", "ProjectFile", "from_archive", "from_folder", "from_git", "load"]

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def load(source: str | Path, limits: Limits = DEFAULT_LIMITS, *, allow_network: bool = False) -> Project:
    """Read a project from a folder (with its git history when it has one), an archive file or a git URL."""
    if isinstance(source, str) and not source.strip():
        raise InvalidInput("no project given", hint="Give a folder, an archive file or a git repository URL.")
    path = Path(source)
    if path.is_dir():
        project = from_folder(path, limits)
        _add_history(project, path, limits)
        return project
    if path.is_file():
        if path.stat().st_size > limits.max_total_bytes:
            raise PayloadTooLarge(
                f"the archive is larger than {size_text(limits.max_total_bytes)}",
                hint="Upload the project without datasets, model weights or installed dependencies.",
            )
        return from_archive(path.read_bytes(), path.name, limits)
    return from_git(str(source), limits, allow_network=allow_network)


def from_folder(path: Path, limits: Limits = DEFAULT_LIMITS) -> Project:
    """Read a project from a folder on disk without following links or descending into tool caches."""
    if not Path(path).is_dir():
        raise InvalidInput(f"'{shown(str(path))}' is not a folder", hint="Give the folder that holds the project.")
    root = Path(path).resolve()
    collector = Collector(limits)
    unreadable: list[OSError] = []
    for folder, dirnames, filenames in os.walk(root, onerror=unreadable.append):
        base = Path(folder)
        relative = base.relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        depth = prefix.count("/")
        kept = []
        for name in dirnames:
            if (base / name).is_symlink():
                _note_link(collector, root, base / name, prefix + name)
            elif collector.skip_dir(name):
                continue
            elif depth + 1 > limits.max_depth:
                collector.note(f"{shown(prefix + name)}/ is nested more than {limits.max_depth} folders deep; not read")
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if name == ".git" and collector.skip_dir(name):  # a worktree's or submodule's pointer to its repository
                continue
            _read_file(collector, root, base / name, prefix + name)
    for error in unreadable:
        collector.note(f"{shown(str(error.filename))}: could not be read ({error.strerror})")
    return collector.finish(root.name or "project", "folder")


def _read_file(collector: Collector, root: Path, full: Path, path: str) -> None:
    """Read one regular file, opened so a link swapped in meanwhile is refused, not followed."""
    try:
        info = full.lstat()
    except OSError as error:
        collector.note(f"{shown(path)}: could not be read ({error.strerror})")
        return
    if stat.S_ISLNK(info.st_mode):
        _note_link(collector, root, full, path)
        return
    if not stat.S_ISREG(info.st_mode):
        collector.note(f"{shown(path)}: a device file, FIFO or socket; not read")
        return
    try:
        descriptor = os.open(full, _OPEN_FLAGS)
    except OSError as error:
        collector.note(f"{shown(path)}: could not be read ({error.strerror})")
        return
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            collector.note(f"{shown(path)}: no longer a regular file; not read")
            return
        try:
            collector.read(path, info.st_size, handle)
        except OSError as error:
            collector.note(f"{shown(path)}: could not be read ({error.strerror})")


def _note_link(collector: Collector, root: Path, full: Path, path: str) -> None:
    """Note a link: one inside the project is read at its target, one leaving it is never followed."""
    target = full.resolve()
    if not target.is_relative_to(root):
        collector.note(f"{shown(path)}: a link pointing outside the project; not followed")
    elif not target.exists():
        collector.note(f"{shown(path)}: a link to a missing file; not read")
    else:
        inside = target.relative_to(root).as_posix()
        collector.note(f"{shown(path)}: a link to {shown(inside)} inside the project; read there, not twice")


def _add_history(project: Project, folder: Path, limits: Limits) -> None:
    """Add the git history of a folder that is a repository; a broken one is noted, not fatal."""
    git_dir = folder / ".git"
    if git_dir.is_symlink() or git_dir.is_file():
        project.skipped.append(".git is a link or a file pointing elsewhere; git history not read")
        return
    if not git_dir.is_dir():
        return
    try:
        project.git_log, project.removed_texts = read_history(folder, limits)
    except VetmlError as error:
        project.skipped.append(f"git history not read: {error.message}")
