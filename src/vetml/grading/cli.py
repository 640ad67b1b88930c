"""`vetml grading grade` (one answer against a bank question), `vetml grading train` and `vetml bench grading`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from vetml.config import get_settings
from vetml.errors import InvalidInput, NotFound
from vetml.grading.schemas import BAND_NAMES

console = Console()
grading_app = typer.Typer(help="Grade written answers against the bank's rubrics.", no_args_is_help=True)
MAX_ANSWER_BYTES = 1024 * 1024
COVERAGE_STYLE = {"covered": "green", "partly covered": "yellow", "missing": "red"}


@grading_app.command("grade")
def grade(
    question_id: str = typer.Argument(..., help="The bank question the answer responds to."),
    answer: str = typer.Argument(..., help="A text file with the answer, or - to read standard input."),
    bank_dir: Path | None = typer.Option(None, "--bank-dir", help="Bank folder (default VETML_BANK_DIR)."),
    as_json: bool = typer.Option(False, "--json", help="Print the grade as JSON."),
) -> None:
    """Grade one written answer: score, band, every rubric point with its evidence, signals, red flags."""
    from vetml.grading.service import grade as grade_answer

    text = _read_answer(answer)
    question = _question(bank_dir or get_settings().bank_dir, question_id)
    with console.status("Grading (the first run loads the model)..."):
        result = grade_answer(question, text)
    if as_json:
        console.print_json(result.model_dump_json())
    else:
        print_grade(result, console)


@grading_app.command("train")
def train(
    data: Path | None = typer.Option(
        None, help="Folder with semeval2013-task7/ (default: the shared data folder next to the project)."
    ),
    output: Path | None = typer.Option(None, help="Where to write the artefact (default: the package's artefacts)."),
    epochs: int = typer.Option(5, min=1, help="Passes over the training answers."),
    seed: int = typer.Option(13, help="Seeds the validation hold-out, the initial head and the batch order."),
    limit: int | None = typer.Option(None, min=5, help="Only the first N training answers of each corpus (quick)."),
) -> None:
    """Fine-tune the cross-encoder on SemEval-2013 Task 7's training split and write its versioned artefact."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from vetml.grading.crossencoder import ARTEFACTS
    from vetml.grading.train import Options
    from vetml.grading.train import train as run

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def step(name: str, done: int, total: int) -> None:
            task = tasks.setdefault(name, bar.add_task(name, total=total))
            bar.update(task, completed=done)

        metadata = run(data, output or ARTEFACTS, Options(seed=seed, epochs=epochs, limit=limit), step)
    console.print(f"Wrote {metadata['version']} to {output or ARTEFACTS} in {metadata['seconds']:.0f} s.")
    for corpus, figures in metadata["validation"].items():
        console.print(f"Held-out training answers, {corpus}: 3-way macro-F1 {figures['macro_f1_3way']}, "
                      f"accuracy {figures['accuracy_3way']} ({figures['answers']} answers).")  # fmt: skip


@grading_app.command("train-coverage")
def train_coverage(
    data: Path | None = typer.Option(
        None, help="Folder with semeval2013-task7/ (default: the shared data folder next to the project)."
    ),
    bank_dir: Path | None = typer.Option(
        None, "--bank-dir", help="Bank to set the thresholds on (default VETML_BANK_DIR)."
    ),
    output: Path | None = typer.Option(None, help="Where to write the model (default: the package's artefacts)."),
    seed: int = typer.Option(13, help="Seeds the validation hold-out."),
    limit: int | None = typer.Option(None, min=5, help="Only the first N training answers of each corpus (quick)."),
) -> None:
    """Fit the engine's point-coverage model on SemEval-2013's training answers; set its thresholds on the bank."""
    from vetml.grading.coverage import ARTEFACTS, COVERAGE_FILE
    from vetml.grading.coverage_train import train_coverage as run

    target = output or ARTEFACTS / COVERAGE_FILE
    with console.status("Training the point-coverage model...") as status:
        artefact = run(data, bank_dir or get_settings().bank_dir, target, seed=seed, limit=limit,
                       step=lambda message: status.update(f"Training: {message}..."))  # fmt: skip
    thresholds = artefact["thresholds"]
    console.print(f"Wrote {artefact['version']} to {target} in {artefact['seconds']:.0f} s: covered from "
                  f"{thresholds['covered']}, partly covered from {thresholds['partly']}.")  # fmt: skip
    for corpus, figures in artefact["validation"].items():
        console.print(f"Held-out training answers, {corpus}: 2-way macro-F1 {figures['macro_f1_2way_at_covered']} "
                      f"at the covered threshold ({figures['answers']} answers).")  # fmt: skip


def _read_answer(answer: str) -> str:
    if answer == "-":
        return sys.stdin.read(MAX_ANSWER_BYTES)
    path = Path(answer)
    if not path.is_file():
        raise InvalidInput(f"there is no answer file {answer}", hint="Give a text file, or - to read standard input.")
    with path.open("rb") as handle:
        return handle.read(MAX_ANSWER_BYTES).decode("utf-8", errors="replace")


def _question(root: Path, question_id: str) -> Any:
    from vetml.grading.schemas import GradingQuestion
    from vetml.questions.bank import read_bank
    from vetml.questions.service import content_hash

    bank, _problems = read_bank(root)
    spec = next((item for item in bank.questions if item.id == question_id), None)
    if spec is None:
        raise NotFound(f"there is no question {question_id!r} in {root}", hint="List them with `vetml bank list`.")
    return GradingQuestion.from_spec(spec, bank.signals, content_hash=content_hash(spec))


def print_grade(result: Any, console: Console) -> None:
    """A grade as a person reads it: score, each rubric point with its evidence, findings, feedback, opinions."""
    parts = f"rubric {result.rubric_points}/80, signals {result.signal_points}/20, red flags -{result.penalty}"
    console.print(f"[bold]{result.score}/100[/bold], band {result.band} ({BAND_NAMES[result.band]}): {parts}")
    table = Table("weight", "rubric point", "coverage", "match", "evidence", title=result.question_id)
    for point in result.points:
        style = COVERAGE_STYLE[point.coverage.value]
        evidence = point.evidence[0].text if point.evidence else ""
        table.add_row(str(point.weight), point.point, f"[{style}]{point.coverage.value}[/{style}]",
                      f"{point.match:.2f}", evidence[:160])  # fmt: skip
    console.print(table)
    for title, findings in (("Signals", result.signals), ("Red flags", result.red_flags)):
        for finding in findings:
            example = f': "{finding.evidence[0].text[:120]}"' if finding.evidence else f" ({finding.reason})"
            console.print(f"{title[:-1]}: [bold]{finding.title}[/bold]{example}", highlight=False)
    for heading, lines in (("Strong", result.feedback.strengths), ("Missing", result.feedback.gaps),
                           ("A better answer covers", result.feedback.outline)):  # fmt: skip
        if lines:
            console.print(f"[bold]{heading}[/bold]")
            for line in lines:
                console.print(f"  - {line}", highlight=False)
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    for opinion in result.opinions:
        _print_opinion(opinion, console)


def _print_opinion(opinion: Any, console: Console) -> None:
    """An extra grader's opinion, labelled as one: it is not part of the grade printed above."""
    source = escape(opinion.grader + (f" ({opinion.version})" if opinion.version else ""))
    if opinion.error:
        console.print(
            f"[bold]Second opinion[/bold] from {source}: [red]none[/red], {escape(opinion.error)}", highlight=False
        )
        return
    judgement = "no score" if opinion.score is None else f"{opinion.score}/100"
    judgement += f", band {opinion.band} ({BAND_NAMES[opinion.band]})" if opinion.band else ""
    console.print(f"[bold]Second opinion[/bold] from {source}, not part of the grade: {judgement}", highlight=False)
    if opinion.rationale:
        console.print(f"  {opinion.rationale}", highlight=False, markup=False)
    for verdict in opinion.points:
        reason = f": {verdict.reason}" if verdict.reason else ""
        console.print(f"  - {verdict.coverage.value}, {verdict.point}{reason}", highlight=False, markup=False)
    for note in opinion.notes:
        console.print(f"  note: {note}", highlight=False, markup=False)


def bench_grading(
    data: Path | None = typer.Option(
        None, help="Folder with mohler/, semeval2013-task7/ and saf-english/ (default: the shared data folder)."
    ),
    limit: int | None = typer.Option(None, min=5, help="Only the first N answers of each split and group (quick)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Grade the public short-answer benchmarks (Mohler, SemEval-2013, SAF) and time the grader."""
    from vetml.grading.bench import bench_grading as measure

    with console.status("Grading the benchmarks...") as status:
        figures = measure(data, limit=limit, report=lambda step: status.update(f"Grading: {step}..."))
    if as_json:
        console.print_json(data=figures.as_dict())
        return
    _table("Mohler et al. 2011 (gold 0-5)", figures.mohler, ("protocol", "answers", "pearson_r", "rmse"))
    _table("SemEval-2013 Task 7", figures.semeval,
           ("grader", "corpus", "split", "ways", "answers", "macro_f1", "weighted_f1", "accuracy"))  # fmt: skip
    _table("SAF English (score 0-1, verdict)", figures.saf,
           ("split", "answers", "pearson_r", "rmse", "verdict_accuracy", "verdict_macro_f1"))  # fmt: skip
    _table("Speed on this machine", figures.speed,
           ("answers", "mean_words", "answers_per_second_batched", "model_pass_per_second", "latency_ms_p50",
            "latency_ms_p95"))  # fmt: skip
    for name, result in figures.published.items():
        console.print(f"Published, {name}: {result}")
    console.print(f"Took {figures.seconds:.0f} s.")


def _table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    table = Table(*(column.replace("_", " ") for column in columns), title=title)
    for row in rows:
        table.add_row(*(str(row.get(column, "")) for column in columns))
    console.print(table)
