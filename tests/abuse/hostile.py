"""Hypothesis strategies for hostile input: random bytes, mutated valid files, crafted archives and YAML.

An attacker starts from a file the parser accepts and bends it, so most strategies here take a valid
document and damage it (flip, cut, splice, repeat) rather than only drawing noise. Every strategy keeps
its output small (see ``MAX_BYTES``) so a property spends its time in the parser, not in generation.
"""

from __future__ import annotations

import io
import os
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from vetml.errors import VetmlError

T = TypeVar("T")
MAX_BYTES = 4096
# More examples for a deeper local run, e.g. VETML_FUZZ_EXAMPLES=2000; CI keeps the default.
EXAMPLES = int(os.environ.get("VETML_FUZZ_EXAMPLES", "60"))
# A parser that takes this long on a few kilobytes is hanging, not working; the deadline only catches hangs.
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
TRAVERSING_NAMES = (
    "../escape.py", "../../etc/passwd", "/etc/passwd", "a/../../b.py", "..\\..\\windows.py", "C:\\evil.py",
    "C:/evil.py", "./././x.py", "a//b.py", "", ".", "..", "/", "x\x00y.py", "dir/", " ", "a" * 300, "\u202eyp.exe",
)  # fmt: skip


def mutated(valid: bytes) -> st.SearchStrategy[bytes]:
    """``valid`` damaged by a few random edits, the way a fuzzer bends a good seed file."""
    return st.lists(_edit(), min_size=1, max_size=4).map(lambda edits: _apply(valid, edits))


def _edit() -> st.SearchStrategy[Callable[[bytes], bytes]]:
    at = st.floats(min_value=0, max_value=1)
    chunk = st.binary(max_size=64)
    return st.one_of(
        st.tuples(at, st.integers(0, 255)).map(lambda args: _flip(*args)),
        at.map(_cut),
        st.tuples(at, chunk).map(lambda args: _insert(*args)),
        st.tuples(at, at).map(lambda args: _drop(*args)),
        st.tuples(at, st.integers(2, 8)).map(lambda args: _repeat(*args)),
    )


def _index(data: bytes, at: float) -> int:
    return min(len(data), int(at * len(data)))


def _flip(at: float, value: int) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        index = _index(data, at)
        return data[:index] + bytes([value]) + data[index + 1 :]

    return edit


def _cut(at: float) -> Callable[[bytes], bytes]:
    return lambda data: data[: _index(data, at)]


def _insert(at: float, chunk: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data[: _index(data, at)] + chunk + data[_index(data, at) :]


def _drop(start: float, end: float) -> Callable[[bytes], bytes]:
    return lambda data: data[: _index(data, min(start, end))] + data[_index(data, max(start, end)) :]


def _repeat(at: float, times: int) -> Callable[[bytes], bytes]:
    """Repeat a slice near ``at``: the edit that turns a small file into a long or deeply nested one."""

    def edit(data: bytes) -> bytes:
        index = _index(data, at)
        piece = data[index : index + 32]
        return (data[:index] + piece * times + data[index:])[: MAX_BYTES * 4]

    return edit


def _apply(data: bytes, edits: list[Callable[[bytes], bytes]]) -> bytes:
    for edit in edits:
        data = edit(data)
    return data


def hostile_text() -> st.SearchStrategy[str]:
    """Text with the characters parsers trip on: controls, BOMs, bidi overrides, brackets, quotes, emoji."""
    tricky = st.sampled_from([*"\x00\r\n\t\f\v\ufeff\u2028\u202e{}[]()<>\\\"'`:#-*&!|%@$", "\U0001f600"])
    return st.text(st.one_of(tricky, st.characters(codec="utf-8")), max_size=400)


def nested(opening: str, closing: str) -> st.SearchStrategy[str]:
    """Brackets nested far deeper than any real file, to find recursion without a limit."""
    return st.integers(min_value=50, max_value=3000).map(lambda depth: opening * depth + closing * depth)


def yaml_text(valid: str) -> st.SearchStrategy[str]:
    """YAML a hostile author could write: a valid file mutated, noise, deep nesting, bad scalars, aliases."""
    scalars = st.sampled_from(["2021-13-45", "2021-02-30 25:61:61", "!!python/object:os.system", "!!binary x",
                               "*undefined", "&a [*a]", "1e99999", "0x", "!!timestamp nonsense", "? [a]: b",
                               "%YAML 9.9\n---\n", "\t- tab", "{a: 1, a: 2}"])  # fmt: skip
    lines = valid.splitlines() or [""]
    replaced = st.tuples(st.integers(0, len(lines) - 1), scalars).map(lambda pick: _with_value(lines, *pick))
    mutated_text = mutated(valid.encode("utf-8")).map(lambda data: data.decode("utf-8", errors="replace"))
    return st.one_of(replaced, mutated_text, hostile_text(), nested("[", "]"), nested("{a: ", "}"), scalars)


def _with_value(lines: list[str], index: int, value: str) -> str:
    """The YAML ``lines`` with the value of line ``index`` replaced by ``value``."""
    key = lines[index].split(":")[0]
    return "\n".join([*lines[:index], f"{key}: {value}", *lines[index + 1 :]])


def zip_archive(members: st.SearchStrategy[list[tuple[str, bytes]]]) -> st.SearchStrategy[bytes]:
    """Zip archives of the drawn members, names unchecked (traversal, absolute, empty, duplicated)."""
    return members.map(zip_of)


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated zip of ``members`` exactly as named."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicated names are part of the attack
        for name, data in members:
            info = zipfile.ZipInfo(name or "unnamed")
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def tar_archive(members: st.SearchStrategy[list[tuple[str, bytes, bytes]]]) -> st.SearchStrategy[bytes]:
    """Tar archives whose members may be files, symlinks, hard links, devices or FIFOs, pointing anywhere."""
    return members.map(tar_of)


_TAR_TYPES = (tarfile.REGTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE, tarfile.DIRTYPE)


def tar_of(members: list[tuple[str, bytes, bytes]]) -> bytes:
    """A tar of ``members`` (name, data or link target, kind byte) exactly as named."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data, kind in members:
            info = tarfile.TarInfo(name or "unnamed")
            info.type = _TAR_TYPES[kind[0] % len(_TAR_TYPES)] if kind else tarfile.REGTYPE
            if info.type in (tarfile.SYMTYPE, tarfile.LNKTYPE):
                info.linkname = data.decode("utf-8", errors="replace")[:200] or "../../etc/passwd"
                archive.addfile(info)
            elif info.type == tarfile.REGTYPE:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                archive.addfile(info)
    return buffer.getvalue()


def member_names() -> st.SearchStrategy[str]:
    """Member names from the traversal list and from noise."""
    return st.one_of(st.sampled_from(TRAVERSING_NAMES), st.text(max_size=80))


def with_declared_size(archive: bytes, size: int) -> bytes:
    """A zip whose central directory claims every member is ``size`` bytes long (the bomb's lie)."""
    patched = bytearray(archive)
    start = 0
    while (index := patched.find(b"PK\x01\x02", start)) != -1:
        patched[index + 24 : index + 28] = size.to_bytes(4, "little")  # uncompressed size
        start = index + 4
    return bytes(patched)


def refused_politely(call: Callable[[], T]) -> T | VetmlError:
    """The result of ``call``, or the user-facing error it raised; any other exception fails the test."""
    try:
        return call()
    except VetmlError as error:
        assert error.message.strip(), f"{type(error).__name__} without a message"
        return error
