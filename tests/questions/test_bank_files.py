"""Reading and validating bank files: every mistake is reported with its file, field and fix."""

from __future__ import annotations

from pathlib import Path

from tests.factories import question_data, write_bank, write_question
from vetml.questions.bank import Problem, Severity, read_bank
from vetml.questions.validation import (
    is_valid,
    jaccard,
    near_duplicates,
    shingles,
    validate_bank,
)


def _errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def test_a_valid_bank_reads_every_question_with_no_problem(bank_dir: Path) -> None:
    bank, problems = validate_bank(bank_dir)
    assert problems == []
    assert [question.id for question in bank.questions] == sorted(question.id for question in bank.questions)
    assert len(bank.questions) == 4
    assert bank.sources["monitoring-alert-fatigue"] == "questions/monitoring/monitoring-alert-fatigue.yaml"


def test_unknown_key_names_the_file_and_the_key(bank_dir: Path) -> None:
    write_question(bank_dir, question_data("deployment-typo", rubrik=[]))
    _, problems = read_bank(bank_dir)
    assert len(problems) == 1
    assert problems[0].file == "questions/deployment/deployment-typo.yaml"
    assert problems[0].field == "rubrik"
    assert "unknown key" in problems[0].message


def test_missing_rubric_and_bad_weight_are_both_reported(bank_dir: Path) -> None:
    data = question_data("deployment-no-rubric")
    del data["rubric"]
    write_question(bank_dir, data)
    heavy = question_data("deployment-heavy")
    heavy["rubric"][0]["weight"] = 9
    write_question(bank_dir, heavy)
    _, problems = read_bank(bank_dir)
    fields = {(problem.file.split("/")[-1], problem.field) for problem in problems}
    assert ("deployment-no-rubric.yaml", "rubric") in fields
    assert ("deployment-heavy.yaml", "rubric.0.weight") in fields


def test_a_follow_up_must_be_text_or_a_reference_not_both(bank_dir: Path) -> None:
    both = {"prompt": "Why?", "question": "deployment-shadow-traffic"}
    write_question(bank_dir, question_data("deployment-both", follow_ups=[both]))
    _, problems = read_bank(bank_dir)
    assert problems[0].field == "follow_ups.0"
    assert "exactly one" in problems[0].message


def test_malformed_yaml_points_at_the_line(bank_dir: Path) -> None:
    path = bank_dir / "questions" / "deployment" / "deployment-broken.yaml"
    path.write_text("id: deployment-broken\ntitle: [unclosed\nlevel: senior\n", encoding="utf-8")
    _, problems = read_bank(bank_dir)
    assert len(problems) == 1
    assert problems[0].file == "questions/deployment/deployment-broken.yaml"
    assert "line" in problems[0].message


def test_an_empty_file_is_an_error_not_a_crash(bank_dir: Path) -> None:
    (bank_dir / "questions" / "deployment" / "deployment-empty.yaml").write_text("", encoding="utf-8")
    _, problems = read_bank(bank_dir)
    assert [problem.file for problem in problems] == ["questions/deployment/deployment-empty.yaml"]
    assert "empty" in problems[0].message


def test_a_missing_bank_folder_says_which_setting_to_fix(tmp_path: Path) -> None:
    _, problems = read_bank(tmp_path / "nowhere")
    assert "VETML_BANK_DIR" in problems[0].message


def test_duplicate_ids_name_both_files(bank_dir: Path) -> None:
    write_question(bank_dir, question_data("deployment-shadow-traffic"), file_name="copy.yaml")
    bank, problems = validate_bank(bank_dir)
    duplicate = next(problem for problem in problems if "duplicate id" in problem.message)
    assert duplicate.file == "questions/deployment/deployment-shadow-traffic.yaml"
    assert "questions/deployment/copy.yaml" in duplicate.message
    assert len(bank.questions) == 4


def test_unknown_category_lists_the_known_ones(bank_dir: Path) -> None:
    write_question(bank_dir, question_data("deployment-wrong-category", category="deploy"))
    _, problems = validate_bank(bank_dir)
    problem = next(problem for problem in problems if problem.field == "category")
    assert "unknown category 'deploy'" in problem.message
    assert "deployment, monitoring" in problem.message
    assert not is_valid(problems)


def test_file_name_and_folder_must_match_id_and_category(bank_dir: Path) -> None:
    write_question(bank_dir, question_data("deployment-misnamed"), file_name="other-name.yaml")
    misplaced = question_data("monitoring-misplaced")
    path = bank_dir / "questions" / "deployment" / "monitoring-misplaced.yaml"
    write_question(bank_dir, misplaced)
    (bank_dir / "questions" / "monitoring" / "monitoring-misplaced.yaml").rename(path)
    _, problems = validate_bank(bank_dir)
    messages = [problem.message for problem in _errors(problems)]
    assert "the file name must be the id: rename it to deployment-misnamed.yaml" in messages
    assert "move the file into questions/monitoring/" in messages


def test_dangling_follow_up_and_unknown_shared_signal_are_errors(bank_dir: Path) -> None:
    data = question_data(
        "deployment-dangling",
        follow_ups=[{"question": "deployment-renamed-away"}],
        signals={"shared": ["telepathy"], "specific": []},
    )
    write_question(bank_dir, data)
    _, problems = validate_bank(bank_dir)
    fields = {problem.field: problem.message for problem in _errors(problems)}
    assert "not in the bank" in fields["follow_ups.0.question"]
    assert "unknown shared signal 'telepathy'" in fields["signals.shared.0"]


def test_a_question_cannot_follow_up_on_itself(bank_dir: Path) -> None:
    write_question(bank_dir, question_data("deployment-loop", follow_ups=[{"question": "deployment-loop"}]))
    _, problems = validate_bank(bank_dir)
    assert any("its own follow-up" in problem.message for problem in problems)


def test_coverage_below_a_category_minimum_is_an_error(tmp_path: Path) -> None:
    root = write_bank(tmp_path / "bank", [question_data("deployment-only-one", level="junior")])
    (root / "categories.yaml").write_text(
        (root / "categories.yaml")
        .read_text(encoding="utf-8")
        .replace("senior_or_staff_minimum: 1", "senior_or_staff_minimum: 2"),
        encoding="utf-8",
    )
    _, problems = validate_bank(root)
    messages = [problem.message for problem in _errors(problems)]
    assert "category 'monitoring' has 0 questions; it needs at least 1" in messages
    assert "0 questions are senior or staff level; at least 2 are needed" in messages
    _, loadable = validate_bank(root, integrity_only=True)
    assert loadable == []


def test_a_rubric_point_in_more_than_three_questions_is_a_warning(bank_dir: Path) -> None:
    for index in range(4):
        data = question_data(f"deployment-templated-{index}")
        data["rubric"][0] = {"point": "Explains the answer clearly.", "weight": 2}
        write_question(bank_dir, data)
    _, problems = validate_bank(bank_dir)
    warning = next(problem for problem in problems if problem.field == "rubric")
    assert warning.severity is Severity.WARNING
    assert "appears in 4 questions" in warning.message
    assert is_valid(problems)
    assert not is_valid(problems, strict=True)


def test_near_duplicate_prompts_are_flagged_and_distinct_ones_are_not(bank_dir: Path) -> None:
    prompt = "Your fraud model's precision fell from 92% to 71% overnight while recall held. What do you check first?"
    write_question(bank_dir, question_data("monitoring-fraud-drop", prompt=prompt))
    reworded = prompt.replace("overnight", "over the weekend")
    write_question(bank_dir, question_data("monitoring-fraud-drop-again", prompt=reworded))
    _, problems = validate_bank(bank_dir)
    flagged = [problem for problem in problems if problem.field == "prompt"]
    assert len(flagged) == 1
    assert "monitoring-fraud-drop-again" in flagged[0].message
    assert flagged[0].severity is Severity.WARNING


def test_shingle_similarity() -> None:
    first = shingles("How would you roll back a bad model?")
    assert jaccard(first, first) == 1.0
    assert jaccard(first, shingles("Design a feature store for 40 teams.")) == 0.0
    assert jaccard(set(), set()) == 0.0
    assert shingles("two words") == {("two", "words")}


def test_near_duplicates_respects_the_threshold(bank_dir: Path) -> None:
    bank, _ = read_bank(bank_dir)
    assert list(near_duplicates(bank.questions)) == []
    assert len(list(near_duplicates(bank.questions, threshold=0.0))) == 6


def test_the_repository_bank_is_valid_in_strict_mode() -> None:
    from tests.conftest import REPOSITORY_BANK

    bank, problems = validate_bank(REPOSITORY_BANK)
    assert [str(problem) for problem in problems] == []
    assert len(bank.questions) >= 200


def test_a_date_that_does_not_exist_or_deep_nesting_is_a_problem_not_a_crash(bank_dir: Path) -> None:
    folder = bank_dir / "questions" / "deployment"
    (folder / "deployment-date.yaml").write_text("id: deployment-date\nadded: 2021-13-45\n", encoding="utf-8")
    (folder / "deployment-deep.yaml").write_text("id: " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    _, problems = read_bank(bank_dir)
    by_file = {problem.file: problem.message for problem in problems}
    assert "2021-13-45 is not a real date" in by_file["questions/deployment/deployment-date.yaml"]
    assert "nested more than 100 levels" in by_file["questions/deployment/deployment-deep.yaml"]
