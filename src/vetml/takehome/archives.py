"""Reading a candidate's project from an uploaded archive without trusting a byte of it.

Nothing is extracted to disk: members are read in memory through the same limits as a folder. Names that
would land outside the project, links, device files and encrypted members are left out and noted; an
archive with many escaping names, or one that expands like a bomb, is refused whole. The format comes from
the bytes, never from the file name.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from pathlib import PurePosixPath, PureWindowsPath

from vetml.errors import InvalidInput, PayloadTooLarge
from vetml.takehome.project import (
    DEFAULT_LIMITS,
    Collector,
    Limits,
    Project,
    identify,
    shown,
    size_text,
    too_many_files,
)

MAX_ESCAPING = 10  # names pointing outside the project before the archive counts as crafted and is refused
RATIO_FROM = 1024 * 1024  # small members compress far better than max_ratio without being bombs
ENTRY_OVERHEAD = 2048  # tar bytes per entry besides content: header, long-name header, padding
TAR_KINDS = {"tar": "tar", "gzip": "tar.gz", "bzip2": "tar.bz2", "xz": "tar.xz"}
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
ARCHIVE_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".zip", ".tar")
_DESCRIBED = {
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
    "zstd": "a Zstandard-compressed file",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "pdf": "a PDF document",
    "elf": "a Linux program",
}
_DRIVE = re.compile(r"^[A-Za-z]:")
_UPLOAD_HINT = "Upload the project as .zip, .tar, .tar.gz, .tar.bz2 or .tar.xz, e.g. made with `git archive`."
_UNREADABLE = (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)


def from_archive(content: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Project:
    """Read a project from archive bytes; a single folder wrapping everything becomes the project root."""
    return read_archive(content, filename, limits, strip_top=True)


def read_archive(content: bytes, filename: str, limits: Limits, *, strip_top: bool) -> Project:
    """Read a project from archive bytes, keeping member paths as they are unless strip_top."""
    if not content:
        raise InvalidInput("the archive is empty (0 bytes)", hint=_UPLOAD_HINT)
    if len(content) > limits.max_total_bytes:
        raise PayloadTooLarge(f"the archive is larger than {size_text(limits.max_total_bytes)}", hint=_UPLOAD_HINT)
    kind = identify(content[:512])
    if kind is None and not content.strip(b"\x00"):
        kind = "tar"  # an empty tar is nothing but zero blocks
    collector = Collector(limits)
    members = _Members(collector, limits)
    try:
        if kind == "zip":
            _read_zip(content, members)
        elif kind in TAR_KINDS:
            _read_tar(content, kind, members)
        else:
            raise _not_an_archive(kind, content)
    except _UNREADABLE as error:
        detail = f": {error}" if str(error) else ""
        raise InvalidInput(f"the archive could not be read{detail}", hint=_UPLOAD_HINT) from error
    return collector.finish(_name(filename), "archive", strip_top=strip_top)


class _Members:
    """Checks each member's name and counts members, so crafted archives are noted or refused."""

    def __init__(self, collector: Collector, limits: Limits) -> None:
        self.collector = collector
        self.limits = limits
        self.max_entries = 2 * limits.max_files  # folders and links count too, within reason
        self.entries = 0
        self.escaping = 0

    def count(self, entries: int = 1) -> None:
        """Refuse an archive with far more entries than files allowed, before reading them."""
        self.entries += entries
        if self.entries > self.max_entries:
            raise too_many_files(self.limits)

    def path(self, raw: str) -> str | None:
        """The member's clean POSIX path, or None (noted) when it escapes the project, is too deep or is skipped."""
        name = raw.replace("\\", "/")
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if "\x00" in name or name.startswith("/") or _DRIVE.match(name) or ".." in parts:
            self._escaping(raw)
            return None
        if len(parts) > self.limits.max_depth + 2:  # one more folder is allowed for the wrapper stripped later
            self.collector.note(f"{shown(name)} is nested more than {self.limits.max_depth} folders deep; not read")
            return None
        if not parts or any(self.collector.skip_dir(part) for part in parts[:-1]):
            return None
        return "/".join(parts)

    def _escaping(self, raw: str) -> None:
        """Note a name pointing outside the project, refusing the archive once there are too many."""
        self.escaping += 1
        if self.escaping > MAX_ESCAPING:
            raise InvalidInput(
                f"more than {MAX_ESCAPING} entries of the archive point outside it, e.g. '{shown(raw)}'",
                hint="The archive looks crafted. Create it again from inside the project folder, e.g. with "
                "`git archive` or `zip -r project.zip .`.",
            )
        self.collector.note(f"{shown(raw)}: points outside the project (absolute or '..' path); not read")


def _read_zip(content: bytes, members: _Members) -> None:
    """Read a zip's members, judging each by its declared sizes before decompressing a byte of it."""
    members.count(_zip_entry_count(content))
    collector, limits = members.collector, members.limits
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
        if len(infos) > members.max_entries:
            raise too_many_files(limits)
        for info in infos:
            if info.is_dir():
                continue
            path = members.path(info.filename)
            if path is None:
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                collector.note(f"{shown(path)}: a link inside the archive; not followed")
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                collector.note(f"{shown(path)}: a device file, FIFO or other special entry; not read")
            elif info.flag_bits & 0x1:
                collector.note(f"{shown(path)}: encrypted; not read")
            elif info.compress_type not in ZIP_METHODS:
                collector.note(f"{shown(path)}: compressed with a method vetml does not read; not read")
            else:
                _check_ratio(path, info.file_size, info.compress_size, limits)
                with archive.open(info) as stream:
                    collector.read(path, info.file_size, stream)


def _zip_entry_count(content: bytes) -> int:
    """Entries in the zip's central directory, counted before zipfile builds one object for each."""
    end = content.rfind(b"PK\x05\x06", max(0, len(content) - 65_557))
    if end < 0:
        return 0
    stop, size = end, int.from_bytes(content[end + 12 : end + 16], "little")
    record = content.rfind(b"PK\x06\x06", max(0, end - 76), end)
    if record >= 0:  # ZIP64 keeps the real size in its own end record
        stop, size = record, int.from_bytes(content[record + 40 : record + 48], "little")
    return content.count(b"PK\x01\x02", max(0, stop - size), stop)


def _check_ratio(path: str, size: int, compressed: int, limits: Limits) -> None:
    """Refuse a member that would expand far beyond any real file."""
    ratio = size / max(compressed, 1)
    if size > RATIO_FROM and ratio > limits.max_ratio:
        raise _bomb(f"{shown(path)} to {ratio:,.0f} times its compressed size")


def _bomb(expansion: str) -> InvalidInput:
    """The error for an archive that expands like a zip bomb."""
    return InvalidInput(
        f"the archive expands {expansion}, like a zip bomb",
        hint="Real projects do not compress this well; leave out large files of repeated bytes and upload again.",
    )


def _read_tar(content: bytes, kind: str, members: _Members) -> None:
    """Read a tar stream member by member, never seeking back and never extracting."""
    raw = io.BytesIO(content)
    with (
        _decompressed(kind, raw) as plain,
        _Metered(plain, raw, members.limits, compressed=kind != "tar") as metered,
        _open_tar(metered, kind) as tar,
    ):
        for member in tar:
            members.count()
            _read_tar_member(tar, member, members)


def _decompressed(kind: str, raw: io.BytesIO) -> io.BufferedIOBase:
    """The tar stream inside raw, decompressed as it is read."""
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == "bzip2":
        return bz2.BZ2File(raw)
    if kind == "xz":
        return lzma.LZMAFile(raw)
    return raw


def _open_tar(stream: _Metered, kind: str) -> tarfile.TarFile:
    """A tar reader over the stream, or a clear error when the compressed file holds something else."""
    try:
        return tarfile.open(fileobj=stream, mode="r|")
    except tarfile.ReadError as error:
        raise InvalidInput(f"the {kind} file does not hold a tar archive", hint=_UPLOAD_HINT) from error


def _read_tar_member(tar: tarfile.TarFile, member: tarfile.TarInfo, members: _Members) -> None:
    """Keep a regular file; note links, devices and FIFOs without following or opening them."""
    if member.isdir():
        return
    path = members.path(member.name)
    if path is None:
        return
    collector = members.collector
    if member.issym() or member.islnk():
        collector.note(f"{shown(path)}: a link inside the archive; not followed")
    elif not member.isreg():
        collector.note(f"{shown(path)}: a device file, FIFO or other special entry; not read")
    elif member.issparse():
        collector.note(f"{shown(path)}: a sparse file; not read")
    else:
        stream = tar.extractfile(member)
        if stream is not None:
            with stream:
                collector.read(path, member.size, stream)


class _Metered(io.RawIOBase):
    """A decompressed stream that refuses to yield more than the project may hold, or to expand like a bomb."""

    def __init__(self, plain: io.BufferedIOBase, raw: io.BytesIO, limits: Limits, *, compressed: bool) -> None:
        super().__init__()
        self.plain = plain
        self.raw = raw
        self.limits = limits
        self.compressed = compressed
        self.budget = limits.max_total_bytes + ENTRY_OVERHEAD * 2 * limits.max_files
        self.produced = 0

    def readable(self) -> bool:
        """Always: this stream is only read."""
        return True

    def read(self, size: int = -1, /) -> bytes:
        """Up to size bytes of the tar stream, counted against the budget and the compression ratio."""
        data = self.plain.read(size if size >= 0 else io.DEFAULT_BUFFER_SIZE)
        self.produced += len(data)
        if self.produced > self.budget:
            raise PayloadTooLarge(
                f"the archive expands to more than {size_text(self.budget)}",
                hint="Upload the project without datasets, model weights or installed dependencies.",
            )
        consumed = max(self.raw.tell(), 1)
        if self.compressed and self.produced > RATIO_FROM and self.produced > self.limits.max_ratio * consumed:
            raise _bomb(f"to more than {self.limits.max_ratio} times its compressed size")
        return data


def _not_an_archive(kind: str | None, content: bytes) -> InvalidInput:
    """The error for bytes that are not an archive vetml reads, naming what they are when known."""
    head = content[:8192]
    if kind in _DESCRIBED:
        message = f"the file is {_DESCRIBED[kind]}, not a zip or tar archive"
    elif b"\x00" not in head and "\ufffd" not in head.decode("utf-8", errors="replace"):
        message = "the file is plain text, not a zip or tar archive"
    else:
        message = "the file is not a zip or tar archive"
    return InvalidInput(message, hint=_UPLOAD_HINT)


def _name(filename: str) -> str:
    """The project's name from the upload's file name, without folders or archive suffixes."""
    name = PureWindowsPath(PurePosixPath(filename).name).name
    lowered = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)] or "project"
    return name or "project"
