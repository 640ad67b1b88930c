"""Challenge folders: reading, checking their shape, and the tests they define.

A challenge's tests.py, reference.py and checker.py are our own content and run in the judge's
process; only candidate code runs in the sandbox. Each folder is identified by a content hash over
all its files, so a submission records exactly which version of the tests judged it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from pydantic import ValidationError

from vetml.errors import InvalidInput, NotFound
from vetml.judge import codec
from vetml.judge.checkers import CHECKERS, Checker
from vetml.judge.schemas import ChallengeKind, ChallengeSpec
from vetml.judge.testkit import COMPUTE, Case, Script, Test
from vetml.kit import safe_yaml

REQUIRED_FILES = ("challenge.yaml", "statement.md", "starter.py", "reference.py")
_loaded_modules = itertools.count()


class ChallengeError(InvalidInput):
    """A challenge folder is malformed; the message names the file and the fix."""


@dataclass
class Challenge:
    """One challenge folder, read and checked."""

    root: Path
    spec: ChallengeSpec
    content_hash: str
    _expected: dict[int, Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        """The challenge id (its folder name)."""
        return self.spec.id

    def read(self, relative: str) -> str:
        """A file of the folder as text."""
        return (self.root / relative).read_text(encoding="utf-8")

    @property
    def statement(self) -> str:
        """What the candidate reads."""
        return self.read("statement.md")

    @property
    def starter(self) -> str:
        """The code the candidate starts from."""
        return self.read("starter.py")

    @cached_property
    def examples(self) -> list[Test]:
        """Only the visible examples (cheap: the hidden tests are not generated)."""
        if self.spec.kind is ChallengeKind.TESTS:
            return []
        first = self.spec.subtasks[0].id
        return [_with_defaults(test, first, visible=True) for test in self._module("tests.py").examples()]

    @cached_property
    def tests(self) -> list[Test]:
        """Visible examples first, then hidden tests, each with its subtask filled in."""
        module = self._module("tests.py")
        first = self.spec.subtasks[0].id
        examples = [_with_defaults(test, first, visible=True) for test in module.examples()]
        hidden = [_with_defaults(test, first, visible=False) for test in module.hidden()]
        return examples + hidden

    @cached_property
    def reference_function(self) -> Callable[..., Any]:
        """Our solution's entry point, run in the judge's process to compute expected values."""
        function = getattr(self._module("reference.py"), str(self.spec.entry_point), None)
        if not callable(function):
            raise ChallengeError(f"{self.id}/reference.py does not define {self.spec.entry_point}()")
        return function  # type: ignore[no-any-return]

    def expected(self, index: int, case: Case) -> Any:
        """The value test ``index`` must return: its own, or the reference's answer on a copy of its args."""
        if case.expected is not COMPUTE:
            return case.expected
        if index not in self._expected:
            args, kwargs = codec_copy(list(case.args)), codec_copy(dict(case.kwargs))
            self._expected[index] = self.reference_function(*args, **kwargs)
        return self._expected[index]

    def checker(self, case: Case) -> tuple[Checker, dict[str, Any]]:
        """The checker of a case and its options."""
        name = case.checker or self.spec.checker
        options = dict(case.checker_options if case.checker_options is not None else self.spec.checker_options)
        if name == "custom":
            check = getattr(self._module("checker.py"), "check", None)
            if not callable(check):
                raise ChallengeError(f"{self.id}/checker.py must define check(expected, actual, *, case, **options)")
            return check, options
        if name not in CHECKERS:
            raise ChallengeError(f"{self.id}: unknown checker {name!r}; use one of {', '.join(CHECKERS)} or custom")
        return CHECKERS[name], options

    @cached_property
    def mutants(self) -> dict[str, str]:
        """For a tests challenge: mutant name to implementation source."""
        folder = self.root / "mutants"
        return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.py"))}

    def _module(self, relative: str) -> ModuleType:
        path = self.root / relative
        name = f"vetml_challenge_{self.id.replace('-', '_')}_{path.stem}_{next(_loaded_modules)}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ChallengeError(f"{self.id}/{relative} cannot be loaded")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            raise ChallengeError(f"{self.id}/{relative} failed to load: {type(error).__name__}: {error}") from error
        return module


def codec_copy(value: Any) -> Any:
    """A copy made the way arguments reach the candidate, so the reference sees exactly what they see.

    Round-tripping through the codec is also several times faster than ``copy.deepcopy`` on big inputs.
    """
    return codec.decode(json.loads(json.dumps(codec.encode(value))))


def _with_defaults(test: Any, first_subtask: str, *, visible: bool) -> Test:
    if not isinstance(test, Case | Script):
        raise ChallengeError(f"tests.py must yield Case or Script objects, not {type(test).__name__}")
    changes: dict[str, Any] = {"visible": visible}
    if test.subtask is None:
        changes["subtask"] = first_subtask
    return dataclasses.replace(test, **changes)


def folder_hash(root: Path) -> str:
    """SHA-256 over every file's relative path and bytes: any edit gives a new version."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folder_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file's relative path, size and modification time: cheap to read, and any edit changes it."""
    entries: list[tuple[str, int, int]] = []

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as items:
            for item in items:
                if item.is_dir(follow_symlinks=False):
                    if item.name != "__pycache__":
                        visit(item.path, f"{prefix}{item.name}/")
                elif item.is_file():
                    status = item.stat()
                    entries.append((prefix + item.name, status.st_size, status.st_mtime_ns))

    if root.is_dir():
        visit(str(root), "")
    return tuple(sorted(entries))


# A judge worker reads the challenge of every submission; hashing and importing it again each time
# would cost more than judging a small submission, so a folder is read again only when it changed.
_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Challenge]] = {}


def read_challenge(root: Path) -> Challenge:
    """Read and check one folder; a malformed one raises ChallengeError naming the file."""
    signature = folder_signature(root)
    cached = _cache.get(root)
    if cached is not None and cached[0] == signature:
        return cached[1]
    missing = [name for name in REQUIRED_FILES if not (root / name).is_file()]
    if missing:
        raise ChallengeError(f"{root.name}: missing {', '.join(missing)}", hint="See docs/challenges.md.")
    has_tests_file = (root / "tests.py").is_file()
    content_hash = folder_hash(root)
    spec = _read_spec(root)
    if spec.kind is ChallengeKind.FUNCTION and not has_tests_file:
        raise ChallengeError(f"{root.name}: missing tests.py", hint="See docs/challenges.md.")
    challenge = Challenge(root=root, spec=spec, content_hash=content_hash)
    _check_files(challenge)
    _cache[root] = (signature, challenge)
    return challenge


def _read_spec(root: Path) -> ChallengeSpec:
    try:
        data = safe_yaml.safe_load((root / "challenge.yaml").read_text(encoding="utf-8"))
        spec = ChallengeSpec.model_validate(data)
    except yaml.YAMLError as error:
        raise ChallengeError(f"{root.name}/challenge.yaml is not valid YAML: {error}") from error
    except ValidationError as error:
        problems = [f"{'.'.join(map(str, item['loc'])) or '(file)'}: {item['msg']}" for item in error.errors()]
        raise ChallengeError(f"{root.name}/challenge.yaml is invalid", details=problems) from error
    if spec.id != root.name:
        raise ChallengeError(f"{root.name}/challenge.yaml: id {spec.id!r} must equal the folder name")
    return spec


def _check_files(challenge: Challenge) -> None:
    spec = challenge.spec
    for known in spec.known_wrong:
        if not (challenge.root / known.file).is_file():
            raise ChallengeError(f"{challenge.id}: known-wrong file {known.file} does not exist")
    if spec.kind is ChallengeKind.TESTS:
        if not (challenge.root / "target.py").is_file() or not challenge.mutants:
            raise ChallengeError(f"{challenge.id}: a tests challenge needs target.py and mutants/*.py")
        return
    if (spec.checker == "custom") and not (challenge.root / "checker.py").is_file():
        raise ChallengeError(f"{challenge.id}: checker is custom but checker.py is missing")


def check_tests(challenge: Challenge) -> None:
    """Generate the tests and check their shape: visible examples, known subtasks, no empty subtask.

    Generating hidden tests can be costly (large inputs), so listing challenges does not do it;
    validation and judging do.
    """
    if challenge.spec.kind is ChallengeKind.TESTS:
        return
    subtasks = {subtask.id for subtask in challenge.spec.subtasks}
    used = set()
    for test in challenge.tests:
        if test.subtask not in subtasks:
            raise ChallengeError(f"{challenge.id}/tests.py: test {test.name!r} names unknown subtask {test.subtask!r}")
        used.add(test.subtask)
    if not any(test.visible for test in challenge.tests):
        raise ChallengeError(f"{challenge.id}/tests.py: examples() must return at least one visible test")
    empty = subtasks - used
    if empty:
        raise ChallengeError(f"{challenge.id}/tests.py: subtasks without tests: {', '.join(sorted(empty))}")


def challenge_folders(root: Path) -> Iterator[Path]:
    """Every challenge folder under the challenges root, in id order."""
    if root.is_dir():
        yield from sorted(path for path in root.iterdir() if (path / "challenge.yaml").is_file())


def get_challenge(root: Path, challenge_id: str) -> Challenge:
    """The challenge with this id, or NotFound with where to look."""
    folder = root / challenge_id
    if not (folder / "challenge.yaml").is_file():
        raise NotFound(f"there is no challenge {challenge_id!r}", hint="List them with `vetml challenges list`.")
    return read_challenge(folder)
