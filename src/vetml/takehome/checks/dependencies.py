"""Dependencies: is there a manifest, are the ML packages pinned, is there a lock file, and are the packages the
code imports the ones it declares? An unpinned scikit-learn is how a pickled model stops loading next month.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from vetml.takehome.code import CodeIndex
from vetml.takehome.findings import CheckResult, Evidence, Status
from vetml.takehome.project import Project

# Packages whose version changes break saved models or results; these must be pinned.
ML_PACKAGES = frozenset(
    {
        "scikit-learn",
        "torch",
        "tensorflow",
        "keras",
        "xgboost",
        "lightgbm",
        "catboost",
        "numpy",
        "pandas",
        "scipy",
        "transformers",
        "joblib",
        "onnxruntime",
        "statsmodels",
    }
)
LOCK_FILES = ("uv.lock", "poetry.lock", "Pipfile.lock", "conda-lock.yml", "pdm.lock")
# Import names that differ from the name the package is installed under.
IMPORT_TO_PACKAGE = {
    "sklearn": "scikit-learn",
    "cv2": "opencv-python",
    "PIL": "pillow",
    "yaml": "pyyaml",
    "dotenv": "python-dotenv",
    "bs4": "beautifulsoup4",
    "skimage": "scikit-image",
    "dateutil": "python-dateutil",
    "jwt": "pyjwt",
    "google": "google-cloud",
    "attr": "attrs",
    "Crypto": "pycryptodome",
    "OpenSSL": "pyopenssl",
    "fitz": "pymupdf",
    "docx": "python-docx",
    "magic": "python-magic",
    "serial": "pyserial",
    "zmq": "pyzmq",
    "tensorflow_hub": "tensorflow-hub",
    "multipart": "python-multipart",
    "lightning": "lightning",
    "pl": "pytorch-lightning",
}
_PINNED = re.compile(r"^(===?)")


@dataclass(frozen=True)
class Declared:
    """A package a manifest declares, where, and whether its version is pinned exactly."""

    name: str
    pinned: bool
    path: str
    line: int


def check(project: Project) -> CheckResult:
    """The dependencies check: evidenced with a manifest, pinned ML packages (or a lock file); described with a
    manifest that leaves ML packages loose; absent without any manifest."""
    declared = declared_packages(project)
    locks = [path for path in project.files if path.rsplit("/", 1)[-1] in LOCK_FILES or _compiled(project, path)]
    if not declared and not locks and not _manifests(project):
        return CheckResult(
            check="dependencies",
            status=Status.ABSENT,
            summary="No dependency manifest was found.",
            problems=["Add requirements.txt or pyproject.toml with exact versions (==)."],
        )
    loose = sorted({item.name for item in declared if item.name in ML_PACKAGES and not item.pinned})
    problems = [f"{name} is not pinned to an exact version" for name in loose] if not locks else []
    problems += [
        f"'{module}' is imported but {package} is not declared" for module, package in undeclared(project, declared)
    ]
    status = Status.EVIDENCED if locks or (declared and not loose) else Status.DESCRIBED
    evidence = [Evidence(path=path, quote="lock file") for path in locks]
    evidence += [Evidence(path=item.path, line=item.line, quote=item.name) for item in declared[:10]]
    what = f"{len(declared)} declared packages" + (f", lock file {locks[0]}" if locks else ", no lock file")
    return CheckResult(check="dependencies", status=status, summary=what, evidence=evidence, problems=problems)


def declared_packages(project: Project) -> list[Declared]:
    """Packages from requirements files, pyproject.toml (PEP 621 and Poetry) and conda environment files."""
    found: list[Declared] = []
    for path in sorted(project.files):
        name = path.rsplit("/", 1)[-1]
        text = project.text(path)
        if text is None or ("/" in path and path.split("/", 1)[0] in ("tests", "docs", "examples")):
            continue
        if re.fullmatch(r"requirements[\w.-]*\.(txt|in)", name):
            found += _requirements(text, path)
        elif name == "pyproject.toml":
            found += _pyproject(text, path)
        elif name in ("environment.yml", "environment.yaml"):
            found += _conda(text, path)
    return found


def _manifests(project: Project) -> list[str]:
    """Files that declare dependencies, whether or not anything in them could be read."""
    names = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "environment.yml", "environment.yaml")
    return [
        path
        for path in project.files
        if path.rsplit("/", 1)[-1] in names or re.fullmatch(r"requirements[\w.-]*\.(txt|in)", path.rsplit("/", 1)[-1])
    ]


def _requirements(text: str, path: str) -> list[Declared]:
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        item = _parse(line, path, number)
        if item:
            found.append(item)
    return found


def _parse(line: str, path: str, number: int) -> Declared | None:
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        return None
    pinned = any(_PINNED.match(spec.operator) for spec in requirement.specifier) or bool(requirement.url)
    return Declared(canonicalize_name(requirement.name), pinned, path, number)


def _pyproject(text: str, path: str) -> list[Declared]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    lines = text.splitlines()
    found = [item for item in (_parse(spec, path, _line_of(lines, spec)) for spec in _pep621(data)) if item]
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    for name, spec in poetry.items() if isinstance(poetry, dict) else ():
        if name.lower() == "python":
            continue
        version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
        exact = bool(re.fullmatch(r"=?=?\d[\w.]*", version.strip()))
        found.append(Declared(canonicalize_name(name), exact, path, _line_of(lines, name)))
    return found


def _pep621(data: dict[str, object]) -> list[str]:
    project = data.get("project")
    if not isinstance(project, dict):
        project = {}
    specs = [spec for spec in project.get("dependencies", []) if isinstance(spec, str)]
    groups = [project.get("optional-dependencies", {}), data.get("dependency-groups", {})]  # extras; PEP 735 groups
    for table in groups:
        for group in table.values() if isinstance(table, dict) else ():
            specs += [spec for spec in group if isinstance(spec, str)] if isinstance(group, list) else []
    return specs


def _conda(text: str, path: str) -> list[Declared]:
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*-\s+([A-Za-z0-9_.-]+)\s*(==?\s*[\w.*]+)?\s*$", raw)
        if match and match.group(1) not in ("pip", "python"):
            pinned = bool(match.group(2)) and "*" not in match.group(2)
            found.append(Declared(canonicalize_name(match.group(1)), pinned, path, number))
    return found


def _line_of(lines: list[str], needle: str) -> int:
    return next((number for number, line in enumerate(lines, start=1) if needle in line), 0)


def _compiled(project: Project, path: str) -> bool:
    """A requirements file written by pip-compile (pip-tools) is a lock file."""
    text = project.text(path) if path.endswith(".txt") else None
    return text is not None and "autogenerated by pip-compile" in text[:500]


def undeclared(project: Project, declared: list[Declared]) -> list[tuple[str, str]]:
    """Third-party modules the code imports whose package no manifest declares, as (module, package)."""
    names = {item.name for item in declared}
    local = local_modules(project)
    missing = {}
    for module in sorted(imported_modules(project)):
        if module in sys.stdlib_module_names or module in local or module.startswith("_"):
            continue
        package = canonicalize_name(IMPORT_TO_PACKAGE.get(module, module))
        if package not in names and not any(name.startswith(package) for name in names):
            missing[module] = package
    return sorted(missing.items())


def imported_modules(project: Project) -> set[str]:
    """Top-level modules imported by the project's Python files and notebooks (parsed, never run)."""
    # Cell by cell, so one broken notebook cell does not hide the imports of the others.
    cells = CodeIndex(project).cells.values()
    return {module for pieces in cells for source in pieces for module in _imports(source)}


def _imports(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def local_modules(project: Project) -> set[str]:
    """Module names the project itself provides: top-level .py files and packages, also under src/."""
    local = set()
    for path in project.files:
        parts = path.split("/")
        if parts[0] == "src" and len(parts) > 1:
            parts = parts[1:]
        if parts[-1].endswith(".py"):
            local.add(parts[0].removesuffix(".py"))
    return local
