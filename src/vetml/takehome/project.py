"""A candidate's project once read: its files, what was left out and why, and its git history.

Folders, archives and git repositories all fill one Collector, so the limits, the notes and the test for
text are the same whichever way a project arrives. Nothing here runs or imports the candidate's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from vetml.errors import InvalidInput, PayloadTooLarge

SNIFF_BYTES = 8 * 1024  # how much of a file decides whether it is binary
MAX_REPLACED_SHARE = 0.05  # more undecodable characters than this and the file is binary, not text
MAX_NOTES = 500  # a crafted archive can make thousands of notes; nobody reads past a few hundred
# Folders of tool output or other people's code: never the candidate's work, and often huge.
SKIPPED_DIRS = {
    ".git": "git metadata",
    "__pycache__": "compiled Python",
    ".venv": "virtual environment",
    "venv": "virtual environment",
    "node_modules": "vendored dependencies",
    ".mypy_cache": "type checker cache",
    ".pytest_cache": "test cache",
    ".tox": "test environments",
    ".ruff_cache": "linter cache",
    "__MACOSX": "macOS archive metadata",
}
_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"\x7fELF", "elf"),
)
_BZIP2 = re.compile(rb"BZh[1-9](1AY&SY|\x17rE8P\x90)")
ARCHIVE_KINDS = frozenset({"zip", "gzip", "bzip2", "xz", "7z", "rar", "zstd", "tar"})
_HINT_FEWER = "Upload the project without datasets, generated files or installed dependencies."


@dataclass(frozen=True)
class Limits:
    """How much of a project vetml reads; hostile uploads are refused or cut short at these bounds."""

    max_total_bytes: int = 200 * 1024 * 1024  # uncompressed, whole project
    max_file_bytes: int = 20 * 1024 * 1024  # one file; bigger files are listed but not read (a model, a dataset)
    max_files: int = 20_000
    max_depth: int = 20  # folders a file may sit in
    max_ratio: int = 200  # compression ratio of an archive member before it counts as a bomb


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ProjectFile:
    """One file of the project; text is None for binary files and files too big to read."""

    path: str  # POSIX path relative to the project root, e.g. "src/model/train.py"
    size: int
    text: str | None
    binary: bool
    too_big: bool


@dataclass(frozen=True)
class GitCommit:
    """One commit of the project's history, enough to date the work and find what it touched."""

    sha: str
    author_time: datetime
    message: str
    files: list[str]


@dataclass
class Project:
    """A candidate's project as read: files by path, notes on what was left out, and its git history."""

    name: str
    files: dict[str, ProjectFile]
    skipped: list[str] = field(default_factory=list)
    git_log: list[GitCommit] = field(default_factory=list)
    # Earlier versions of files a commit deleted or changed, keyed "<commit>^:<path>" (git's own syntax for
    # the version before that commit): secrets committed and then removed still leak from history.
    removed_texts: dict[str, str] = field(default_factory=dict)

    def text(self, path: str) -> str | None:
        """The text of a file, or None when it is missing, binary or too big."""
        found = self.files.get(path)
        return found.text if found else None

    def paths(self, suffix: str | None = None) -> list[str]:
        """All file paths in order, or those ending with suffix (e.g. ".py")."""
        return [path for path in self.files if suffix is None or path.endswith(suffix)]


class Readable(Protocol):
    """Anything bytes can be read from: an open file, a zip member, a tar member."""

    def read(self, size: int = -1, /) -> bytes: ...


def identify(head: bytes) -> str | None:
    """The file format the first bytes announce (zip, gzip, png, ...), or None for none we know."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if _BZIP2.match(head):
        return "bzip2"
    return "tar" if head[257:262] == b"ustar" else None


def decode_text(content: bytes) -> str | None:
    """The content as text, or None when it is binary: NUL bytes, an archive, or mostly not UTF-8."""
    head = content[:SNIFF_BYTES]
    if b"\x00" in head or identify(head) in ARCHIVE_KINDS:
        return None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("utf-8", errors="replace")
    return None if text.count("\ufffd") > MAX_REPLACED_SHARE * len(text) else text


def size_text(size: int) -> str:
    """A byte count as people read it."""
    return f"{size / (1024 * 1024):,.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def shown(name: str) -> str:
    """A file name safe to quote in a note: control characters escaped and length capped."""
    quoted = repr(name)[1:-1]
    return quoted if len(quoted) <= 160 else quoted[:160] + "…"


def too_many_files(limits: Limits) -> InvalidInput:
    """The error for a project with more files than vetml reads."""
    return InvalidInput(f"the project holds more than {limits.max_files:,} files", hint=_HINT_FEWER)


class Collector:
    """Gathers a project's files under the limits, whichever source they come from."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.files: dict[str, ProjectFile] = {}
        self.skipped: list[str] = []
        self._unlisted_notes = 0
        self._noted_dirs: set[str] = set()
        self._total = 0

    def note(self, message: str) -> None:
        """Record something left out, keeping the list short enough to read."""
        if len(self.skipped) < MAX_NOTES:
            self.skipped.append(message)
        else:
            self._unlisted_notes += 1

    def skip_dir(self, name: str) -> bool:
        """True for a folder nobody needs to read (node_modules, .venv, ...), noted once per kind."""
        reason = SKIPPED_DIRS.get(name)
        if reason is None:
            return False
        if name not in self._noted_dirs:
            self._noted_dirs.add(name)
            self.note(f"{name}/ ({reason}) not read")
        return True

    def read(self, path: str, declared: int, stream: Readable) -> None:
        """Count, read and keep one file, reading at most one byte past the file limit whatever its size claims."""
        self._count(declared)
        limit = self.limits.max_file_bytes
        if declared > limit:
            content = stream.read(SNIFF_BYTES)
        else:
            content = stream.read(declared + 1)
            if len(content) > declared:  # the declared size lied, or the file grew while read
                content += stream.read(limit + 1 - len(content))
                self._grow(len(content) - declared)
        self.keep(path, max(declared, len(content)), content)

    def keep(self, path: str, size: int, content: bytes) -> None:
        """Store a file from its first bytes; too big files keep only whether they look binary."""
        if path in self.files:
            self.note(f"{shown(path)} appears more than once; the last copy is kept")
        if size > self.limits.max_file_bytes or len(content) > self.limits.max_file_bytes:
            binary = decode_text(content[:SNIFF_BYTES]) is None
            self.files[path] = ProjectFile(path, size, None, binary=binary, too_big=True)
            return
        text = decode_text(content)
        self.files[path] = ProjectFile(path, size, text, binary=text is None, too_big=False)

    def finish(self, name: str, source: str, *, strip_top: bool = False) -> Project:
        """The project in path order, without files nested too deep; refused when nothing is left to read."""
        files = self._strip_top() if strip_top else None
        if files is not None:
            name, self.files = files
        kept: dict[str, ProjectFile] = {}
        for path in sorted(self.files):
            if path.count("/") > self.limits.max_depth:
                self.note(f"{shown(path)} is nested more than {self.limits.max_depth} folders deep; not read")
            else:
                kept[path] = self.files[path]
        if self._unlisted_notes:
            self.skipped.append(f"… and {self._unlisted_notes:,} more notes like these")
        if not kept:
            raise InvalidInput(
                f"the {source} holds no files that could be read",
                hint="Upload the project's source files: code, notebooks, configuration and documentation.",
                details=self.skipped[:20],
            )
        return Project(name=name, files=kept, skipped=self.skipped)

    def _strip_top(self) -> tuple[str, dict[str, ProjectFile]] | None:
        """Files without the one folder wrapping them all, as in GitHub's "Download ZIP", with its name."""
        tops = {path.partition("/")[0] for path in self.files}
        if len(tops) != 1 or not all("/" in path for path in self.files):
            return None
        top = tops.pop()
        cut = len(top) + 1
        return top, {path[cut:]: replace(found, path=path[cut:]) for path, found in self.files.items()}

    def _count(self, size: int) -> None:
        """Count one more file of size bytes, refusing the project once it has too many or too much."""
        if len(self.files) >= self.limits.max_files:
            raise too_many_files(self.limits)
        self._grow(size)

    def _grow(self, size: int) -> None:
        """Add bytes to the project's total, refusing it past the limit."""
        self._total += size
        if self._total > self.limits.max_total_bytes:
            raise PayloadTooLarge(
                f"the project's files add up to more than {size_text(self.limits.max_total_bytes)}",
                hint=f"{_HINT_FEWER} Model weights and datasets can be described in the README instead.",
            )
