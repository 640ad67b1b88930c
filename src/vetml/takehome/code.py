"""What the checks need to know about a project's code, computed once: which files are tests, notebooks,
training or serving code, and where a pattern appears. Everything is read as text; nothing is run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property

from vetml.takehome.findings import Evidence
from vetml.takehome.project import Project

TEST_FILE = re.compile(r"(^|/)(tests?/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)")
SERVING = re.compile(
    r"FastAPI\(|Flask\(|@app\.(?:route|get|post)|bentoml\.|@serve\.deployment|ray\.serve|"
    r"gradio\.|streamlit|litserve|@svc\.api"
)
CLI = re.compile(r"argparse\.ArgumentParser|typer\.Typer|@click\.command|if __name__ == [\"']__main__[\"']")
PREDICT_NAME = re.compile(r"(^|/)(predict|inference|infer|serve|serving|score|app|api|cli)\w*\.py$")


@dataclass
class CodeIndex:
    """The project's Python sources (notebook code included) split by role."""

    project: Project

    @cached_property
    def cells(self) -> dict[str, list[str]]:
        """Python source by path in pieces that parse on their own: a .py file whole, a notebook cell by cell."""
        found: dict[str, list[str]] = {}
        for path in self.project.files:
            text = self.project.text(path)
            if text is None:
                continue
            if path.endswith(".py"):
                found[path] = [text]
            elif path.endswith(".ipynb"):
                found[path] = notebook_cells(text)
        return found

    @cached_property
    def sources(self) -> dict[str, str]:
        """Python source by path: .py files, and each notebook's code cells joined."""
        return {path: "\n".join(cells) for path, cells in self.cells.items()}

    @cached_property
    def modules(self) -> dict[str, str]:
        """Sources that are neither tests nor notebooks: the code a team would ship."""
        return {
            path: text
            for path, text in self.sources.items()
            if not TEST_FILE.search(path) and not path.endswith(".ipynb")
        }

    @cached_property
    def tests(self) -> dict[str, str]:
        """Test files with at least one test function."""
        return {
            path: text
            for path, text in self.sources.items()
            if TEST_FILE.search(path) and re.search(r"^\s*(?:async\s+)?def test_", text, re.MULTILINE)
        }

    @cached_property
    def entry_points(self) -> list[str]:
        """Modules that serve predictions or run from the command line to predict."""
        scripts = self.console_scripts
        return sorted(
            path
            for path, text in self.modules.items()
            if SERVING.search(text) or (PREDICT_NAME.search(path) and (CLI.search(text) or scripts))
        )

    @cached_property
    def console_scripts(self) -> bool:
        """Whether pyproject.toml declares command-line entry points."""
        text = self.project.text("pyproject.toml") or ""
        return bool(re.search(r"^\[(project\.scripts|tool\.poetry\.scripts)\]", text, re.MULTILINE))

    def find(self, pattern: re.Pattern[str], sources: dict[str, str] | None = None, limit: int = 5) -> list[Evidence]:
        """The first places (path, line, the line itself) where a pattern appears."""
        found: list[Evidence] = []
        for path, text in sorted((sources if sources is not None else self.modules).items()):
            for number, line in enumerate(text.splitlines(), start=1):
                if pattern.search(line):
                    found.append(Evidence(path=path, line=number, quote=line.strip()[:120]))
                    if len(found) >= limit:
                        return found
                    break
        return found


def notebook_cells(text: str) -> list[str]:
    """A notebook's code cells, magics and shell lines dropped."""
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return []
    code = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            joined = "".join(source) if isinstance(source, list) else str(source)
            code.append("\n".join(line for line in joined.splitlines() if not line.lstrip().startswith(("%", "!"))))
    return code
