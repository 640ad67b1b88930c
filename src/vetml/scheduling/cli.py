"""`vetml schedule propose FILE` and `vetml bench schedule`: the loop slot finder from the terminal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from vetml.errors import InvalidInput, VetmlError
from vetml.scheduling import finder, loader
from vetml.scheduling.request import LoopRequest, Option, Proposal, Session
from vetml.scheduling.zones import abbreviation, local_label, utc, zone

if TYPE_CHECKING:
    from vetml.scheduling import bench

schedule_app = typer.Typer(help="Find interview times that suit everyone's hours and zones.", no_args_is_help=True)
console = Console(soft_wrap=True)
error_console = Console(stderr=True, soft_wrap=True)
BAD_INPUT = 2
NOTHING_FITS = 1
TARGET_SECONDS = 1.0


@schedule_app.command("propose")
def propose_command(
    file: Path = typer.Argument(..., help="The loop file, YAML or JSON (format in docs/scheduling.md)."),
    first_day: datetime | None = typer.Option(
        None, "--from", formats=["%Y-%m-%d"], help="First date, instead of the file's."
    ),
    last_day: datetime | None = typer.Option(
        None, "--to", formats=["%Y-%m-%d"], help="Last date, instead of the file's."
    ),
    max_days: int | None = typer.Option(None, "--max-days", min=1, max=5, help="Days the loop may be split over."),
    options: int | None = typer.Option(None, "--options", min=1, max=20, help="How many options to propose."),
    extra_zone: str | None = typer.Option(None, "--zone", help="Also show every time in this zone (e.g. yours)."),
    as_json: bool = typer.Option(False, "--json", help="Print the options as JSON for machines."),
    now: str | None = typer.Option(None, "--now", help="Propose nothing before this ISO instant (default: now)."),
) -> None:
    """Propose ranked schedules for a whole loop. Exit code: 0 options found, 1 nothing fits, 2 bad input."""
    overrides = loader.Overrides(
        first_day=first_day.date() if first_day else None, last_day=last_day.date() if last_day else None,
        max_days=max_days, options=options,
    )  # fmt: skip
    try:
        plan = loader.read(file)
        request = loader.to_request(plan, base=file.parent, now=_instant(now), overrides=overrides)
        shown_zone = zone(extra_zone).key if extra_zone else None
        proposal = finder.propose(request)
    except VetmlError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps(as_data(request, proposal, name=plan.candidate.name, extra_zone=shown_zone), indent=2))
    else:
        show(request, proposal, name=plan.candidate.name, extra_zone=shown_zone)
    raise typer.Exit(0 if proposal.options else NOTHING_FITS)


def _instant(text: str | None) -> datetime:
    """``--now`` as an aware instant; a time without a zone would mean a different instant on every machine."""
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--now {text!r} is not an ISO instant", hint="Write e.g. 2027-03-01T09:00:00Z.") from None
    if moment.tzinfo is None:
        raise InvalidInput(f"--now {text!r} has no zone", hint="Add Z or an offset, e.g. 2027-03-01T09:00:00+05:30.")
    return utc(moment)


def _fail(error: VetmlError) -> NoReturn:
    error_console.print(f"[bold red]error:[/bold red] {error.message}", highlight=False, markup=True)
    for line in error.details[:10]:
        error_console.print(f"  - {line}", highlight=False, markup=False)
    if error.hint:
        error_console.print(f"  {error.hint}", highlight=False, markup=False)
    raise typer.Exit(BAD_INPUT)


def show(request: LoopRequest, proposal: Proposal, *, name: str, extra_zone: str | None) -> None:
    """Each option as a table of its sessions in UTC, the candidate's zone and each interviewer's own."""
    tz = request.candidate.zone
    dates = f"{request.first_day} to {request.last_day}"
    console.print(Text(f"Loop for {name} ({tz}): {len(request.modules)} modules, {dates}", style="bold"))
    if not proposal.options:
        console.print("[bold red]No schedule fits:[/bold red]")
        for reason in proposal.reasons:
            console.print(f"  - {reason}", highlight=False, markup=False)
        return
    for rank, option in enumerate(proposal.options, start=1):
        console.print(_option_table(rank, option, request, extra_zone))
        for flag in option.flags:
            console.print(f"  [yellow]clock change:[/yellow] {flag}", highlight=False)


def _option_table(rank: int, option: Option, request: LoopRequest, extra_zone: str | None) -> Table:
    title = (
        f"Option {rank}: {option.days} day(s), {option.candidate_inconvenience} min outside the candidate's "
        f"preferred hours, {option.panel_inconvenience} min outside the panel's, {option.waiting_minutes} min waiting"
    )
    table = Table(title=title, title_justify="left", expand=False)
    for column in ("module", "interviewer", "UTC", f"candidate ({request.candidate.zone})", "interviewer's time"):
        table.add_column(column)
    if extra_zone:
        table.add_column(extra_zone)
    for session in option.sessions:
        own = request.interviewers[session.interviewer].zone
        cells = [session.module, session.interviewer, _when(session, "UTC"), _when(session, request.candidate.zone)]
        cells.append(f"{_when(session, own)} ({own})")
        table.add_row(*cells, *([_when(session, extra_zone)] if extra_zone else []))
    return table


def _when(session: Session, zone_name: str) -> str:
    """``Tue 9 Mar 2027, 19:30-20:30 IST``: the session's date and times on one person's clock."""
    start, end = (utc(moment).astimezone(zone(zone_name)) for moment in (session.start, session.end))
    return f"{local_label(session.start, zone_name, with_zone=False)}-{end:%H:%M} {abbreviation(start)}"


def as_data(request: LoopRequest, proposal: Proposal, *, name: str, extra_zone: str | None) -> dict[str, Any]:
    """The proposal for ``--json``: UTC instants, and each participant's local times with their offsets."""
    return {
        "candidate": {"name": name, "zone": request.candidate.zone},
        "dates": {"from": request.first_day.isoformat(), "to": request.last_day.isoformat()},
        "not_before": _iso_utc(request.not_before),
        "options": [_option_data(rank, option, request, extra_zone) for rank, option in enumerate(proposal.options, 1)],
        "reasons": list(proposal.reasons),
    }


def _option_data(rank: int, option: Option, request: LoopRequest, extra_zone: str | None) -> dict[str, Any]:
    sessions = []
    for session in option.sessions:
        local = {"candidate": _local(session, request.candidate.zone),
                 "interviewer": _local(session, request.interviewers[session.interviewer].zone)}  # fmt: skip
        if extra_zone:
            local["extra"] = _local(session, extra_zone)
        sessions.append({"module": session.module, "interviewer": session.interviewer,
                         "start": _iso_utc(session.start), "end": _iso_utc(session.end), "local": local})  # fmt: skip
    return {
        "rank": rank, "days": option.days, "candidate_inconvenience_minutes": option.candidate_inconvenience,
        "panel_inconvenience_minutes": option.panel_inconvenience, "waiting_minutes": option.waiting_minutes,
        "dst_flags": list(option.flags), "sessions": sessions,
    }  # fmt: skip


def _local(session: Session, zone_name: str) -> dict[str, str]:
    tz = zone(zone_name)
    start, end = (utc(moment).astimezone(tz) for moment in (session.start, session.end))
    return {"zone": zone_name, "start": start.isoformat(), "end": end.isoformat(), "label": _when(session, zone_name)}


def _iso_utc(moment: datetime) -> str:
    return utc(moment).isoformat().replace("+00:00", "Z")


def bench_schedule(
    runs: int = typer.Option(5, "--runs", min=1, max=100, help="Timed runs after one warm-up run."),
    seed: int = typer.Option(7, "--seed", help="Seed of the scenario's busy blocks and eligible interviewers."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Time the loop slot finder on 5 modules, 12 interviewers in 6 zones and 2 weeks (target: median < 1 s)."""
    from vetml.scheduling import bench

    result, _proposal = bench.run(runs=runs, seed=seed)
    passed = result.median_seconds <= TARGET_SECONDS
    if as_json:
        typer.echo(json.dumps({**result.as_dict(), "target_seconds": TARGET_SECONDS, "passed": passed}, indent=2))
    else:
        _show_bench(result, passed)
    if not passed:
        raise typer.Exit(1)


def _show_bench(result: bench.BenchResult, passed: bool) -> None:
    console.print(
        f"Scenario: {result.modules} modules, {result.interviewers} interviewers in {result.zones} zones, "
        f"{result.days} days (seed-fixed busy blocks); {result.runs} timed run(s) after a warm-up."
    )
    table = Table(title="Loop slot finder")
    for column in ("best s", "median s", "options", "days of the best option", f"target < {TARGET_SECONDS:g} s"):
        table.add_column(column, justify="right")
    verdict = Text("pass", style="bold green") if passed else Text("fail", style="bold red")
    table.add_row(f"{result.best_seconds:.3f}", f"{result.median_seconds:.3f}", str(result.options),
                  str(result.first_option_days), verdict)  # fmt: skip
    console.print(table)
