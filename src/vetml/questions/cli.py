"""``vetml bank ...``: validate, load, browse and count the question bank."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from sqlalchemy.orm import Session

from vetml.config import get_settings
from vetml.db import open_database, transaction
from vetml.questions import service
from vetml.questions.bank import Problem, Severity
from vetml.questions.schemas import Level, Module, QuestionDetail, QuestionFilter, QuestionSummary
from vetml.questions.validation import is_valid, validate_bank

app = typer.Typer(help="Validate, load, browse and count the question bank.", no_args_is_help=True)
console = Console(soft_wrap=True)

BankDirOption = typer.Option(None, "--bank-dir", help="Bank folder (default VETML_BANK_DIR).")
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")
CategoryOption = typer.Option(None, "--category", "-c", help="Only this category id.")
ModuleOption = typer.Option(None, "--module", "-m", help="Only questions for this interview module.")
LevelOption = typer.Option(None, "--level", "-l", help="Only this level.")
TagOption = typer.Option(None, "--tag", "-t", help="Only questions with this skill tag.")


@contextmanager
def _session() -> Iterator[Session]:
    with transaction(open_database(get_settings().database_url)) as session:
        yield session


def _bank_dir(bank_dir: Path | None) -> Path:
    return bank_dir or get_settings().bank_dir


@app.command()
def validate(
    bank_dir: Path | None = BankDirOption,
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too (CI uses this)."),
) -> None:
    """Check schema, ids, references, coverage and near-duplicates; exit 1 if invalid."""
    root = _bank_dir(bank_dir)
    bank, problems = validate_bank(root)
    _print_problems(problems)
    errors = sum(problem.severity is Severity.ERROR for problem in problems)
    warnings = len(problems) - errors
    summary = f"{len(bank.questions)} questions in {root}: {errors} error(s), {warnings} warning(s)"
    if is_valid(problems, strict=strict):
        console.print(f"[green]Bank is valid.[/green] {summary}")
        return
    console.print(f"[red]Bank is invalid.[/red] {summary}")
    raise typer.Exit(1)


def _print_problems(problems: list[Problem]) -> None:
    if not problems:
        return
    table = Table("", "file", "field", "problem", show_lines=False, expand=True)
    for problem in sorted(problems, key=lambda item: (item.severity.value, item.file, item.field)):
        mark = "[red]error[/red]" if problem.severity is Severity.ERROR else "[yellow]warning[/yellow]"
        table.add_row(mark, problem.file, problem.field, problem.message)
    console.print(table)


@app.command()
def load(bank_dir: Path | None = BankDirOption) -> None:
    """Load the bank into the database: new versions for changed questions, nothing on any error."""
    root = _bank_dir(bank_dir)
    with _session() as session:
        report = service.sync(session, root=root)
    console.print(
        f"Loaded {root}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.retired)} retired, {len(report.restored)} restored."
    )


@app.command("list")
def list_(
    category: str | None = CategoryOption,
    module: Module | None = ModuleOption,
    level: Level | None = LevelOption,
    tag: str | None = TagOption,
    as_json: bool = JsonOption,
) -> None:
    """List questions, filtered by category, module, level and tag."""
    _print_summaries(QuestionFilter(category=category, module=module, level=level, tag=tag), as_json)


@app.command()
def search(
    query: str = typer.Argument(..., help="Words that must all appear (title, prompt, tags, rubric)."),
    category: str | None = CategoryOption,
    module: Module | None = ModuleOption,
    level: Level | None = LevelOption,
    tag: str | None = TagOption,
    as_json: bool = JsonOption,
) -> None:
    """Full-text search of the bank, with the same filters as `list`."""
    filters = QuestionFilter(query=query, category=category, module=module, level=level, tag=tag)
    _print_summaries(filters, as_json)


def _print_summaries(filters: QuestionFilter, as_json: bool) -> None:
    with _session() as session:
        summaries = service.list_questions(session, filters=filters)
    if as_json:
        console.print_json(data=[item.model_dump(mode="json") for item in summaries])
        return
    console.print(_summary_table(summaries))
    console.print(f"{len(summaries)} question(s)")


def _summary_table(summaries: list[QuestionSummary]) -> Table:
    table = Table("id", "title", "category", "level", "min", "tags")
    for item in summaries:
        table.add_row(
            item.id, item.title, item.category, item.level.value, str(item.expected_minutes), ", ".join(item.tags)
        )
    return table


@app.command()
def show(
    question_id: str = typer.Argument(..., help="The question id, e.g. deployment-canary-automated-rollback."),
    version: int | None = typer.Option(None, help="Show this version instead of the current one."),
    as_json: bool = JsonOption,
) -> None:
    """Show a question with its reference answer, rubric, signals, red flags and follow-ups."""
    with _session() as session:
        detail = service.get(session, question_id, version=version)
    if as_json:
        console.print_json(data=detail.model_dump(mode="json"))
        return
    _print_detail(detail)


def _print_detail(detail: QuestionDetail) -> None:
    meta = (
        f"{detail.category_title} · {detail.level.value} · {detail.expected_minutes} min · "
        f"modules: {', '.join(module.value for module in detail.modules)} · tags: {', '.join(detail.tags)}\n"
        f"version {detail.version} of {len(detail.versions)} · content hash {detail.content_hash[:12]}"
    )
    console.print(Panel(f"{meta}\n\n{detail.prompt}", title=f"{detail.title}  [dim]{detail.id}[/dim]"))
    console.print(Panel(Markdown(detail.reference_answer), title="Reference answer"))
    rubric = Table("weight", "rubric point", title="Rubric")
    for item in detail.rubric:
        rubric.add_row(str(item.weight), item.point)
    console.print(rubric)
    for heading, views in (("Strong-answer signals", detail.signals), ("Red flags", detail.red_flags)):
        console.print(f"[bold]{heading}[/bold]")
        for view in views:
            console.print(f"  • {view.title}", highlight=False)
    console.print("[bold]Follow-ups[/bold]")
    for follow_up in detail.follow_ups:
        suffix = f"  [dim](question {follow_up.question_id})[/dim]" if follow_up.question_id else ""
        console.print(f"  • {follow_up.text}{suffix}", highlight=False)


@app.command()
def stats(as_json: bool = JsonOption) -> None:
    """Count questions per category (against its minimum), level and module."""
    with _session() as session:
        bank_stats = service.stats(session)
    if as_json:
        console.print_json(data=bank_stats.model_dump(mode="json"))
        return
    table = Table("category", "questions", "minimum", "", title=f"{bank_stats.total} questions")
    for category in bank_stats.categories:
        mark = "[green]ok[/green]" if category.meets_minimum else "[red]below minimum[/red]"
        table.add_row(category.title, str(category.count), str(category.minimum), mark)
    console.print(table)
    levels = ", ".join(f"{level} {count}" for level, count in bank_stats.levels.items())
    console.print(f"Levels: {levels} (senior or staff: {bank_stats.senior_or_staff})")
    console.print("Modules: " + ", ".join(f"{module} {count}" for module, count in bank_stats.modules.items()))
    if bank_stats.retired:
        console.print(f"Retired questions kept for history: {bank_stats.retired}")
