"""Public short-answer grading benchmarks, read into one shape.

The data is research data (see each folder's README): benchmarks and training read it from a path
given on the command line, by default the shared data folder next to the project when it exists.
Nothing of it ships with vetml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vetml.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "asag"


@dataclass(frozen=True)
class Item:
    """One graded answer: what was asked, the reference, the answer, and its gold grade."""

    dataset: str
    split: str
    group: str  # the unit of unseen-question splits: a Mohler assignment, a SemEval corpus
    question_id: str
    question: str
    reference: str
    answer: str
    score: float | None = None  # on the dataset's own scale
    label: str | None = None


def data_path(path: Path | None) -> Path:
    """The benchmark data folder, or an error saying how to point at it."""
    chosen = path or DEFAULT_DATA
    if not (chosen / "mohler").is_dir():
        raise ConfigurationError(
            f"no short-answer grading data at {chosen}",
            hint="Pass --data with the folder holding mohler/, semeval2013-task7/ and saf-english/.",
        )
    return chosen


def mohler(root: Path) -> list[Item]:
    """Mohler et al. 2011: 2,273 answers to 81 questions, gold 0-5 (the original `ave`)."""
    table = pd.read_csv(root / "mohler" / "mohler_v2_from_original.csv")
    table = table[~table["ignored_in_papers"].astype(bool)]
    return [
        Item("mohler", "all", str(row.assignment), str(row.question_id), str(row.question),
             str(row.reference_answer), _text(row.student_answer), score=float(row.score_avg))
        for row in table.itertuples()
    ]  # fmt: skip


def semeval(root: Path) -> list[Item]:
    """SemEval-2013 Task 7: SciEntsBank and Beetle, 3-way labels (2-way collapses them)."""
    table = pd.read_csv(root / "semeval2013-task7" / "semeval2013_task7_flat.csv")
    return [
        Item(f"semeval-{row.corpus}", str(row.split), str(row.corpus), str(row.question_id), str(row.question),
             str(row.reference_answer), _text(row.student_answer), label=str(row.label_3way))
        for row in table.itertuples()
    ]  # fmt: skip


def saf(root: Path) -> list[Item]:
    """SAF (English): scores 0-1 and a verdict (Correct / Partially correct / Incorrect)."""
    table = pd.read_csv(root / "saf-english" / "saf_english_flat.csv")
    return [
        Item("saf", str(row.split), str(row.module), str(row.question_id), str(row.question),
             str(row.reference_answer), _text(row.student_answer), score=float(row.score),
             label=str(row.verification_feedback))
        for row in table.itertuples()
    ]  # fmt: skip


def _text(value: object) -> str:
    return "" if pd.isna(value) else str(value)
