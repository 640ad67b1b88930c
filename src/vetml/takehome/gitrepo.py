"""Reading a candidate's git repository without running anything the repository asks for.

The repository is cloned bare into a temporary folder through git's own transport, with system and user
configuration off and hooks pointed at nothing; the candidate's .git/config is never read by the commands
that follow, so its hooks, filters, fsmonitor, pager or diff drivers cannot run. Files come from
`git archive` read in memory, history from `git log` and `git cat-file`. Every git call has a time limit
and a cap on its output.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from vetml.errors import ConfigurationError, InvalidInput, PayloadTooLarge
from vetml.takehome.archives import ENTRY_OVERHEAD, read_archive
from vetml.takehome.project import DEFAULT_LIMITS, SKIPPED_DIRS, GitCommit, Limits, Project, decode_text, size_text

GIT_TIMEOUT = 30  # seconds for one git command
MAX_COMMITS = 500
MAX_REMOVED_BLOBS = 2_000
_TRANSPORT = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*::")  # ext::, fd:: and other remote helpers
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SCP_LIKE = re.compile(r"^[^/]*:")  # host:path, which git reads as ssh
_NETWORK_VARIABLES = ("HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR")
# $GIT_DIR/info/attributes outranks the candidate's .gitattributes: files come out of `git archive` exactly as
# committed, so export-ignore cannot hide a file from the audit and no filter, eol or export-subst rewrites one.
_AS_COMMITTED = "* -export-ignore -export-subst -filter -ident -text -eol -working-tree-encoding\n"
_SOURCE_HINT = "Give a local folder, a file:// URL or an https:// URL of a git repository."


def from_git(url_or_path: str, limits: Limits = DEFAULT_LIMITS, *, allow_network: bool = False) -> Project:
    """Read the files of the latest commit and the history of a local or (when allowed) https repository."""
    source, name = _source(url_or_path, allow_network=allow_network)
    with _cloned(source, allow_network=allow_network) as repo:
        if not repo.has_head():
            raise InvalidInput("the repository has no commits", hint="Commit the project, then read it again.")
        budget = limits.max_total_bytes + ENTRY_OVERHEAD * 2 * limits.max_files
        archive = repo.run(["archive", "--format=tar", "HEAD"], "reading the latest commit", limit=budget)
        project = read_archive(archive, f"{name}.tar", limits, strip_top=False)
        project.git_log, project.removed_texts = repo.history(limits)
    return project


def read_history(folder: Path, limits: Limits) -> tuple[list[GitCommit], dict[str, str]]:
    """The history of a folder's own repository, read from a clone so the folder's git settings never apply."""
    with _cloned(str(folder.resolve()), allow_network=False) as repo:
        return repo.history(limits)


def _source(url_or_path: str, *, allow_network: bool) -> tuple[str, str]:
    """What git clones and the project's name; refuses options, odd transports and, unless allowed, the network."""
    text = url_or_path.strip()
    if not text or any(ord(char) < 32 for char in text):
        raise InvalidInput("the repository location is empty or holds control characters", hint=_SOURCE_HINT)
    if text.startswith("-"):
        raise InvalidInput("a repository location cannot start with '-'", hint=_SOURCE_HINT)
    if _TRANSPORT.match(text):
        raise InvalidInput(f"the git transport '{text.split('::')[0]}::' is not allowed", hint=_SOURCE_HINT)
    scheme = _SCHEME.match(text)
    if scheme and scheme[1].lower() == "file":
        parts = urlsplit(text)
        if parts.netloc not in ("", "localhost"):
            raise InvalidInput("a file:// URL must point at this machine", hint=_SOURCE_HINT)
        return _local(Path(unquote(parts.path)))
    if scheme or (_SCP_LIKE.match(text) and not Path(text).exists()):
        if not allow_network:
            raise InvalidInput(
                "reading a remote repository needs network access, which is off",
                hint="Pass allow_network=True to clone over https, or upload the project as a .zip or .tar.gz.",
            )
        if scheme is None or scheme[1].lower() != "https":
            raise InvalidInput("only https:// remote repositories can be read", hint=_SOURCE_HINT)
        return text, _repository_name(urlsplit(text).path)
    return _local(Path(text))


def _local(path: Path) -> tuple[str, str]:
    """An absolute path git cannot mistake for an option or a host, and the repository's name."""
    if not path.is_dir():
        raise InvalidInput("there is no folder with a git repository at that path", hint=_SOURCE_HINT)
    resolved = path.resolve()
    return str(resolved), _repository_name(resolved.name)


def _repository_name(path: str) -> str:
    """The last part of a repository path without ".git"."""
    return path.rstrip("/").rpartition("/")[2].removesuffix(".git") or "repository"


@dataclass(frozen=True)
class _Repo:
    """A bare clone in a temporary folder and the locked-down environment git runs in there."""

    git: str
    path: Path
    env: dict[str, str]

    def run(self, args: list[str], action: str, *, limit: int, feed: bytes = b"") -> bytes:
        """Run one git command in the clone."""
        return _run(
            [self.git, "-c", f"core.hooksPath={os.devnull}", "-C", str(self.path), *args], self.env, action, limit, feed
        )

    def has_head(self) -> bool:
        """True when HEAD names a commit; an empty repository has none."""
        try:
            self.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], "reading HEAD", limit=4096)
        except InvalidInput:
            return False
        return True

    def history(self, limits: Limits) -> tuple[list[GitCommit], dict[str, str]]:
        """The newest commits on all branches, and the texts their changes removed."""
        common = ["--all", f"--max-count={MAX_COMMITS}", "--no-textconv", "--no-ext-diff", "-z"]
        raw = self.run(
            ["log", *common, "--no-renames", "--no-abbrev", "--raw", "--format=commit %H %at"],
            "reading the history",
            limit=limits.max_total_bytes,
        )
        bodies = self.run(["log", *common, "--format=%H%n%B"], "reading commit messages", limit=limits.max_total_bytes)
        commits, removed = _parse_log(raw, _messages(bodies))
        return commits, self._removed_texts(removed, limits)

    def _removed_texts(self, removed: list[tuple[str, str, str]], limits: Limits) -> dict[str, str]:
        """Texts of earlier file versions, at most MAX_REMOVED_BLOBS and within the size limits."""
        keys: dict[str, str] = {}
        for commit, path, blob in removed:
            if blob not in keys and len(keys) < MAX_REMOVED_BLOBS:
                keys[blob] = f"{commit[:12]}^:{path}"
        if not keys:
            return {}
        listing = self.run(
            ["cat-file", "--batch-check"], "sizing old files", limit=limits.max_total_bytes, feed=_lines(keys)
        )
        wanted: list[str] = []
        total = 0
        for line in listing.decode("ascii", errors="replace").splitlines():
            blob, kind, size = [*line.split(), "", "", ""][:3]
            if kind == "blob" and size.isdigit() and int(size) <= limits.max_file_bytes:
                if total + int(size) > limits.max_total_bytes:
                    break
                total += int(size)
                wanted.append(blob)
        if not wanted:
            return {}
        blobs = self.run(
            ["cat-file", "--batch"], "reading old files", limit=total + 100 * len(wanted), feed=_lines(wanted)
        )
        texts: dict[str, str] = {}
        for blob, content in _batch(blobs):
            text = decode_text(content)
            if text is not None and blob in keys:
                texts[keys[blob]] = text
        return texts


@contextmanager
def _cloned(source: str, *, allow_network: bool) -> Iterator[_Repo]:
    """A bare clone of source in a temporary folder, removed afterwards; nothing is checked out."""
    git = shutil.which("git")
    if git is None:
        raise ConfigurationError("git is not installed", hint="Install git to read projects from repositories.")
    with tempfile.TemporaryDirectory(prefix="vetml-git-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        repo = _Repo(git, Path(scratch) / "clone.git", _environment(home, allow_network=allow_network))
        no_hooks = f"core.hooksPath={os.devnull}"
        clone = [git, "-c", no_hooks, "-c", "core.fsmonitor=false", "clone", "--bare", "--no-local", "--no-hardlinks"]
        clone += ["--quiet", "--config", no_hooks, "--config", "core.fsmonitor=false"]
        clone += ["--config", "protocol.file.allow=always", "--", source, str(repo.path)]
        _run(clone, repo.env, "cloning the repository", 1024 * 1024, b"")
        (repo.path / "info").mkdir(exist_ok=True)
        (repo.path / "info" / "attributes").write_text(_AS_COMMITTED, encoding="utf-8")
        yield repo


def _environment(home: Path, *, allow_network: bool) -> dict[str, str]:
    """Variables git runs with: no system or user configuration, no prompts, only the allowed protocols."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_PAGER": "cat",
        "GIT_ALLOW_PROTOCOL": "file:https" if allow_network else "file",
        "LC_ALL": "C",
    }
    if allow_network:
        env |= {name: os.environ[name] for name in _NETWORK_VARIABLES if name in os.environ}
    return env


def _run(args: list[str], env: dict[str, str], action: str, limit: int, feed: bytes) -> bytes:
    """Run git with a time limit and a cap on its output, so a hostile repository can neither hang nor flood us."""
    expired = threading.Event()
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as stdin:
        stdin.write(feed)
        stdin.seek(0)
        with subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE, stderr=errors, env=env) as process:
            timer = threading.Timer(GIT_TIMEOUT, _stop, (process, expired))
            timer.start()
            try:
                output = _read_capped(process, limit, action)
            finally:
                timer.cancel()
            code = process.wait()
        if expired.is_set():
            raise InvalidInput(
                f"{action} took longer than {GIT_TIMEOUT} seconds",
                hint="Upload the project as a .zip or .tar.gz archive instead.",
            )
        if code != 0:
            errors.seek(0)
            said = errors.read(4096).decode("utf-8", errors="replace").strip().splitlines()
            raise InvalidInput(f"{action} failed: {said[-1] if said else f'git exited with {code}'}", hint=_SOURCE_HINT)
    return output


def _stop(process: subprocess.Popen[bytes], expired: threading.Event) -> None:
    """Kill a git command that ran out of time, remembering why."""
    expired.set()
    process.kill()


def _read_capped(process: subprocess.Popen[bytes], limit: int, action: str) -> bytes:
    """All of a process's output, killing it once the output passes limit bytes."""
    assert process.stdout is not None
    chunks: list[bytes] = []
    size = 0
    while chunk := process.stdout.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            process.kill()
            raise PayloadTooLarge(
                f"{action} gave more than {size_text(limit)}",
                hint="Upload the project without datasets, model weights or installed dependencies.",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _lines(names: Iterable[str]) -> bytes:
    """Object names one a line, as git cat-file reads them."""
    return "".join(f"{name}\n" for name in names).encode("ascii")


def _messages(bodies: bytes) -> dict[str, str]:
    """Commit messages by commit, from `git log -z --format=%H%n%B`."""
    messages: dict[str, str] = {}
    for record in bodies.split(b"\x00"):
        sha, _, body = record.lstrip(b"\n").partition(b"\n")
        messages[sha.decode("ascii", errors="replace")] = body.decode("utf-8", errors="replace").strip()
    return messages


def _parse_log(raw: bytes, messages: dict[str, str]) -> tuple[list[GitCommit], list[tuple[str, str, str]]]:
    """Commits with the files they touched, and (commit, path, old blob) for each file deleted or changed.

    `git log --raw -z` writes "commit <sha> <time>", then for each file ":<modes> <old> <new> <status>" and
    the path as separate NUL-ended fields; paths are taken by position, so no path can pass for a commit.
    """
    commits: list[GitCommit] = []
    removed: list[tuple[str, str, str]] = []
    fields = raw.split(b"\x00")
    index = 0
    while index < len(fields):
        field = fields[index].lstrip(b"\n").decode("utf-8", errors="replace")
        index += 1
        if field.startswith("commit "):
            _, sha, when = [*field.split(), "", "", "0"][:3]
            moment = datetime.fromtimestamp(int(when) if when.isdigit() else 0, UTC)
            commits.append(GitCommit(sha, moment, messages.get(sha, ""), []))
        elif field.startswith(":") and commits and index < len(fields):
            path = fields[index].decode("utf-8", errors="replace")
            index += 1
            commits[-1].files.append(path)
            old_mode, _, old_blob, _, status = [*field[1:].split(), "", "", "", "", ""][:5]
            kept = not any(part in SKIPPED_DIRS for part in path.split("/")[:-1])
            if status[:1] in ("D", "M", "T") and old_mode in ("100644", "100755") and kept:
                removed.append((commits[-1].sha, path, old_blob))
    return commits, removed


def _batch(output: bytes) -> Iterator[tuple[str, bytes]]:
    """(object name, content) pairs from `git cat-file --batch` output."""
    position = 0
    while position < len(output):
        end = output.find(b"\n", position)
        if end < 0:
            return
        header = output[position:end].split()
        if len(header) != 3 or not header[2].isdigit():
            position = end + 1  # "<name> missing": no content follows
            continue
        size = int(header[2])
        yield header[0].decode("ascii"), output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
