"""`vetml bench grading` end to end on a small benchmark folder written here in the public files' formats."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vetml.errors import ConfigurationError
from vetml.grading import asag

QUESTIONS = [
    ("What does a stack do?", "A stack removes the most recently added item first (last in, first out).",
     ["It removes the last item that was added first, last in first out.", "Last added item comes out first.",
      "It keeps items in order.", "A stack is a kind of tree.", "It sorts numbers."]),
    ("What is a queue?", "A queue removes items in the order they were added: first in, first out.",
     ["Items leave in the order they arrived, first in first out.", "The first element added is removed first.",
      "It holds elements.", "A queue is a graph of nodes.", "It is a sorting method."]),
    ("Why use a hash table?", "A hash table finds a value by its key in constant time on average.",
     ["Lookups by key take constant time on average.", "You find values by key quickly, in O(1).",
      "It stores data.", "It keeps keys sorted in a list.", "It is slower than a linked list."]),
    ("What is recursion?", "Recursion is a function calling itself on a smaller input until a base case stops it.",
     ["A function that calls itself on smaller input until it reaches a base case.", "Self calls with a base case.",
      "A loop.", "Recursion means a variable.", "It is an error."]),
]  # fmt: skip
SCORES = [5.0, 4.5, 2.5, 1.0, 0.0]
LABELS = ["correct", "correct", "incorrect", "contradictory", "incorrect"]


def write_benchmarks(root: Path) -> Path:
    """Every dataset folder with a handful of questions, answers of graded quality, in the real column layout."""
    mohler = root / "mohler"
    mohler.mkdir(parents=True)
    rows = []
    for number, (question, reference, answers) in enumerate(QUESTIONS * 3):
        for index, (answer, score) in enumerate(zip(answers, SCORES, strict=True)):
            rows.append({"question_id": f"{number // 4 + 1}.{number}", "assignment": number // 4 + 1,
                         "ignored_in_papers": False, "answer_index": index, "question": question,
                         "reference_answer": reference, "student_answer": answer, "score_avg": score})  # fmt: skip
    _write(mohler / "mohler_v2_from_original.csv", rows)
    semeval = root / "semeval2013-task7"
    semeval.mkdir()
    rows = []
    for corpus in ("beetle", "sciEntsBank"):
        for split in ("train", "train", "test-unseen-answers", "test-unseen-questions"):
            for number, (question, reference, answers) in enumerate(QUESTIONS):
                for answer, label in zip(answers, LABELS, strict=True):
                    rows.append({"corpus": corpus, "split": split, "question_id": f"{split}-{number}",
                                 "question": question, "reference_answer": reference, "student_answer": answer,
                                 "label_3way": label})  # fmt: skip
    _write(semeval / "semeval2013_task7_flat.csv", rows)
    saf = root / "saf-english"
    saf.mkdir()
    rows = []
    for split, module in (
        ("training", "DS"),
        ("training", "AL"),
        ("unseen_answers", "DS"),
        ("unseen_questions", "NEW"),
    ):
        for number, (question, reference, answers) in enumerate(QUESTIONS):
            for answer, score in zip(answers, SCORES, strict=True):
                verdict = "Correct" if score >= 4 else "Partially correct" if score >= 2 else "Incorrect"
                rows.append({"split": split, "question_id": f"{module}{number}", "module": module,
                             "question": question, "reference_answer": reference, "student_answer": answer,
                             "score": score / 5, "verification_feedback": verdict})  # fmt: skip
    _write(saf / "saf_english_flat.csv", rows)
    return root


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_the_benchmark_reports_every_dataset_split_and_the_speed(tmp_path: Path) -> None:
    data = write_benchmarks(tmp_path / "asag")
    command = [sys.executable, "-m", "vetml", "bench", "grading", "--data", str(data), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, env=dict(os.environ), check=False)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout[result.stdout.index("{") :])
    protocols = {row["protocol"]: row for row in figures["mohler"]}
    assert set(protocols) == {"unseen questions (12 folds, one assignment each)", "unseen answers (random 5-fold)"}
    assert protocols["unseen answers (random 5-fold)"]["pearson_r"] > 0.5  # graded answers are told apart
    assert {(row["corpus"], row["split"], row["ways"]) for row in figures["semeval"]} == {
        (corpus, split, ways)
        for corpus in ("beetle", "sciEntsBank")
        for split in ("test-unseen-answers", "test-unseen-questions")
        for ways in (2, 3)
    }
    assert all(0 <= row["macro_f1"] <= 1 for row in figures["semeval"])
    assert {row["grader"] for row in figures["semeval"]} == {"combiner", "cross-encoder", "engine"}
    assert {row["ways"] for row in figures["semeval"] if row["grader"] == "engine"} == {2}  # covered or not
    assert [row["split"] for row in figures["saf"]] == ["unseen_answers", "unseen_questions"]
    assert [row["answers"] for row in figures["speed"]] == [
        "Mohler (short answers)",
        "SAF (paragraph answers)",
        "rubric engine (bank reference answers, one at a time)",
    ]
    assert all(row["answers_per_second_batched"] > 0 and row["latency_ms_p50"] > 0 for row in figures["speed"])
    assert all(row["model_pass_per_second"] > 0 for row in figures["speed"][:2])  # the model alone, for scale
    assert "mohler unseen questions" in figures["published"]


def test_a_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no short-answer grading data") as raised:
        asag.data_path(tmp_path / "nowhere")
    assert "--data" in str(raised.value.hint)
