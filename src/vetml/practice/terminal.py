"""The terminal side of practice mode: choosing a session, a timed multi-line editor, grades on screen.

The screen only shows what a candidate may see: the prompt, never the rubric, until the answer is
graded. Every answer is committed as soon as it is graded, so quitting (or a crash) keeps it.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import HTML
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.prompt import IntPrompt, Prompt
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from vetml.db import transaction
from vetml.errors import InvalidInput
from vetml.grading.cli import print_grade
from vetml.practice import report as reports
from vetml.practice import service
from vetml.practice.schemas import AttemptView, PracticeReport, PracticeRequest, QuestionCard
from vetml.questions.schemas import Level, Module

SKIP, QUIT = "/skip", "/quit"
MODULE_HELP = ", ".join(f"{number}={module.value}" for number, module in enumerate(Module, start=1))
Editor = Callable[[int], tuple[str, bool]]


class PracticeTerminal:
    """One practice session in the terminal, from choosing the questions to the written report."""

    def __init__(self, sessions: sessionmaker[Session], console: Console, *, interactive: bool) -> None:
        self.sessions = sessions
        self.console = console
        self.interactive = interactive
        self.editor: Editor = timed_editor if interactive else line_editor

    def choose(self, profile_id: str, request: PracticeRequest, *, ask: bool) -> PracticeRequest:
        """The request, completed by asking the candidate for what the command line did not say."""
        if not ask:
            return request
        self.console.print(f"Modules: {MODULE_HELP}")
        while True:
            picked = Prompt.ask(
                "Modules (numbers separated by commas; Enter for a suggested mix)",
                default="",
                console=self.console,
                show_default=False,
            )
            modules, unknown = parse_modules(picked)
            if not unknown:
                break
            self.console.print(f"[red]Not a module: {', '.join(unknown)}.[/red] Use the numbers or names above.")
        level = Prompt.ask(
            "Level", choices=[level.value for level in Level], default=request.level.value, console=self.console
        )
        minutes = IntPrompt.ask("Minutes", default=request.minutes, console=self.console)
        return PracticeRequest(modules=modules, level=Level(level), minutes=minutes)

    def run(self, profile_id: str, request: PracticeRequest, *, time_limit: int | None) -> PracticeReport:
        """Ask every planned question, grade each answer as it comes, and return the session's report."""
        with transaction(self.sessions) as session:
            session_id = service.start(session, profile_id=profile_id, request=request).id
            planned = service.get(session, session_id).plan
        plan = Table("#", "category", "minutes", "why this question", title="This session")
        for number, item in enumerate(planned, start=1):
            plan.add_row(str(number), item["category"], str(item["minutes"]), item["reason"])
        self.console.print(plan)
        self.console.print(
            f"[bold]{len(planned)} questions[/bold], about {sum(item['minutes'] for item in planned)}"
            " minutes. Submit an answer with Esc then Enter; type /skip or /quit as the answer "
            "to skip a question or stop."
        )
        while (card := self._current(session_id)) is not None:
            if not self._ask(card, time_limit or card.time_limit):
                break
        with transaction(self.sessions) as session:
            return service.finish(session, session_id=session_id)

    def _current(self, session_id: str) -> QuestionCard | None:
        with transaction(self.sessions) as session:
            return service.current(session, session_id=session_id)

    def _ask(self, card: QuestionCard, limit: int) -> bool:
        """Ask one question; False when the candidate wants to stop."""
        self.console.print(
            Panel(
                Markdown(card.prompt),
                title=f"{card.position + 1}/{card.total}  {card.title}",
                subtitle=f"{card.category_title} · {card.level.value} · {_clock(limit)} · {card.reason}",
            )
        )
        started = time.monotonic()
        try:
            text, timed_out = self.editor(limit)
        except (KeyboardInterrupt, EOFError):
            return False
        if text.strip() == QUIT:
            return False
        skipped = text.strip() == SKIP
        with self.console.status("Grading (the first answer loads the model)..."), transaction(self.sessions) as db:
            attempt = service.answer(
                db,
                session_id=card.session_id,
                position=card.position,
                text="" if skipped else text,
                seconds=round(time.monotonic() - started),
                timed_out=timed_out,
                skipped=skipped,
            )
        show_attempt(self.console, attempt)
        return True


def timed_editor(limit: int) -> tuple[str, bool]:
    """A multi-line editor with a countdown; when time runs out, what was typed is submitted."""
    editor: PromptSession[str] = PromptSession(multiline=True)
    deadline = time.monotonic() + limit

    def toolbar() -> HTML:
        left = max(0, round(deadline - time.monotonic()))
        return HTML(f"<b>{_clock(left)}</b> left · Esc then Enter submits · /skip · /quit")

    async def edit() -> tuple[str, bool]:
        try:
            text = await asyncio.wait_for(
                editor.prompt_async("> ", bottom_toolbar=toolbar, refresh_interval=1.0, prompt_continuation="  "),
                timeout=limit,
            )
        except TimeoutError:
            return editor.default_buffer.text, True
        return text, False

    return asyncio.run(edit())


def line_editor(_limit: int) -> tuple[str, bool]:
    """For piped input: the answer is every line up to a line holding only a full stop."""
    lines = []
    for line in sys.stdin:
        if line.rstrip("\n") == ".":
            break
        lines.append(line)
    else:
        if not lines:
            raise EOFError
    return "".join(lines).rstrip("\n"), False


def show_attempt(console: Console, attempt: AttemptView) -> None:
    """The grade of one answer, as `vetml grading grade` prints it, after a word on the time."""
    if attempt.timed_out:
        console.print("[yellow]note:[/yellow] time ran out; what you had typed was graded.")
    print_grade(attempt.grade, console)


def show_report(console: Console, report: PracticeReport, files: list[Path]) -> None:
    """The end-of-session summary and where the full report was written."""
    console.rule("Session report")
    console.print(f"Overall [bold]{report.overall_score:.0f}/100[/bold], {report.overall_signal}")
    table = Table("competency", "answers", "mean", "reading")
    for item in report.competencies:
        table.add_row(item.title, str(item.questions), f"{item.mean_score:.0f}", item.hire_signal)
    console.print(table)
    for heading, lines in (
        ("Strengths", report.strengths),
        ("Gaps", report.gaps),
        ("Red flags", report.red_flags),
        ("Study next", report.study_next),
    ):
        if lines:
            console.print(f"[bold]{heading}[/bold]")
            for line in lines:
                console.print(f"  - {line}", highlight=False)
    for path in files:
        console.print(f"Report written to {path}", highlight=False)


def report_folder(folder: Path) -> Path:
    """``folder``, created if needed; checked before a session starts so no answer waits on a bad path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(
            f"cannot create the report folder {folder}: {error.strerror}",
            hint="Pass --report-dir with a folder you can write to.",
        ) from error
    return folder


def write_report(report: PracticeReport, folder: Path) -> list[Path]:
    """The report as Markdown and HTML files in ``folder``, named by date and session."""
    stem = folder / f"practice-{report.started_at:%Y%m%d-%H%M}-{report.session_id[:8]}"
    markdown, html = stem.with_suffix(".md"), stem.with_suffix(".html")
    try:
        markdown.write_text(reports.to_markdown(report), encoding="utf-8")
        html.write_text(reports.to_html(report), encoding="utf-8")
    except OSError as error:
        raise InvalidInput(
            f"the report could not be written to {folder}: {error.strerror}; your answers are saved",
            hint=f"Print it with `vetml practice report {report.session_id[:8]}`.",
        ) from error
    return [markdown, html]


def parse_modules(picked: str) -> tuple[list[Module], list[str]]:
    """Modules named by number or by name, and the parts that name none."""
    modules = list(Module)
    chosen, unknown = [], []
    for part in picked.replace(" ", "").split(","):
        if part.isdigit() and 1 <= int(part) <= len(modules):
            chosen.append(modules[int(part) - 1])
        elif part in {module.value for module in modules}:
            chosen.append(Module(part))
        elif part:
            unknown.append(part)
    return list(dict.fromkeys(chosen)), unknown


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"
