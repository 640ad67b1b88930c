"""Scheduling in the browser: your own hours, a loop's schedule finder, and the candidate's picking page.

Staff pages take hours as text lines (see forms.py) and show a refused form again with the reason and
what was typed. The candidate's page works by its signed link alone, shows every time in the
candidate's zone (or one they choose), and books with one button.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from vetml.errors import Conflict, InvalidInput, NotFound, VetmlError
from vetml.interviews import service as loops
from vetml.interviews.models import Interview, Loop
from vetml.scheduling import forms, hours, invitations, service
from vetml.scheduling.ics_import import MAX_ICS_BYTES
from vetml.scheduling.invites import time_range_label
from vetml.scheduling.schemas import HoursInput, ProposalCreate
from vetml.scheduling.zones import known_zones, local_label, zone
from vetml.web.auth import CurrentPrincipal, ManagerUser, Principal
from vetml.web.deps import FormDep, SessionDep, SettingsDep, templates
from vetml.web.ratelimit import per_link

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Path(max_length=500)]
ZoneQuery = Annotated[str, Query(alias="zone", max_length=64)]
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _hours_input(form: dict[str, Any]) -> HoursInput:
    """The hours form as the API's input, each mistake reported in the form's own terms."""
    try:
        return HoursInput(
            time_zone=str(form.get("time_zone", "")).strip() or None,
            weekly=forms.weekly_from_text(str(form.get("weekly", ""))),
            exceptions=forms.exceptions_from_text(str(form.get("exceptions", ""))),
            preferred=str(form.get("preferred", "09:00-17:00")).strip() or "09:00-17:00",
            max_per_day=int(str(form.get("max_per_day", "3")) or 3),
        )
    except (ValueError, ValidationError) as error:
        raise InvalidInput(
            "the daily limit must be a whole number from 1 to 8", hint="Fix it and save again."
        ) from error


def _typed(view: Any) -> dict[str, str]:
    return {"time_zone": view.time_zone, "weekly": forms.weekly_to_text(view.weekly),
            "exceptions": forms.exceptions_to_text(view.exceptions), "preferred": view.preferred,
            "max_per_day": str(view.max_per_day)}  # fmt: skip


# Your own hours


@router.get("/me/hours", response_class=HTMLResponse)
def my_hours(request: Request, session: SessionDep, principal: CurrentPrincipal, notice: str = "") -> Response:
    """Your weekly hours, exceptions and calendar import."""
    view = hours.user_hours(session, user_id=principal.user.id, actor=principal.user)
    return _hours_page(request, principal, _typed(view), stored=view.stored, notice=notice[:200])


def _hours_page(
    request: Request, principal: Principal, typed: dict[str, str], *, stored: bool, notice: str = "", error: str = "",
    status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    context = {"typed": typed, "stored": stored, "notice": notice, "error": error, "zones": known_zones(),
               "csrf_token": principal.csrf_token or ""}  # fmt: skip
    return templates.TemplateResponse(request, "scheduling/hours.html", context, status_code=status)


@router.post("/me/hours", response_class=HTMLResponse)
def save_my_hours(request: Request, session: SessionDep, principal: CurrentPrincipal, form: FormDep) -> Response:
    """Save the hours form, or show it again with the reason."""
    typed = {key: str(form.get(key, "")) for key in ("time_zone", "weekly", "exceptions", "preferred", "max_per_day")}
    try:
        with session.begin_nested():
            hours.set_user_hours(
                session, user_id=principal.user.id, data=_hours_input(dict(form)), actor=principal.user
            )
    except VetmlError as error:
        message = f"{error.message}. {error.hint}".strip()
        return _hours_page(
            request, principal, typed, stored=False, error=message, status=HTTPStatus.UNPROCESSABLE_ENTITY
        )
    return RedirectResponse("/me/hours?" + urlencode({"notice": "Hours saved."}), HTTPStatus.SEE_OTHER)


@router.post("/me/busy")
async def import_my_calendar(session: SessionDep, principal: CurrentPrincipal, form: FormDep) -> Response:
    """Replace your imported busy time with an exported .ics calendar."""
    upload = form.get("calendar")
    try:
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidInput("choose an .ics file to import", hint="Export your calendar as .ics first.")
        content = await upload.read(MAX_ICS_BYTES + 1)
        with session.begin_nested():
            result = hours.import_busy(session, user_id=principal.user.id, data=content, actor=principal.user)
        notice = f"Imported {result.imported} busy block(s) from {upload.filename}."
    except VetmlError as error:
        notice = f"Calendar not imported: {error.message}. {error.hint}".strip()
    finally:
        await form.close()
    return RedirectResponse("/me/hours?" + urlencode({"notice": notice}), HTTPStatus.SEE_OTHER)


# A loop's schedule (managers)


@router.get("/loops/{loop_id}/schedule", response_class=HTMLResponse)
def schedule_page(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    loop_id: int, notice: str = "",
) -> Response:  # fmt: skip
    """The candidate's hours, the search form and the latest proposal with its link."""
    loop = loops.get_loop(session, loop_id, user=user)
    return _schedule_page(request, session, settings, principal, loop, notice=notice[:300])


def _schedule_page(
    request: Request, session: Session, settings: Any, principal: Principal, loop: Loop, *, notice: str = "",
    error: str = "", typed: dict[str, str] | None = None, status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    candidate_view = hours.candidate_hours(session, candidate_id=loop.candidate_id)
    proposal = service.latest_for_loop(session, loop.id)
    proposal_view = service.view(session, proposal, settings=settings) if proposal else None
    today = datetime.now(UTC).date()
    context = {
        "loop": loop, "candidate": loop.candidate, "hours": _typed(candidate_view),
        "hours_stored": candidate_view.stored,
        "proposal": proposal_view,
        "link": str(request.base_url).rstrip("/") + proposal_view.link if proposal_view else "",
        "interviews": [(row, local_label(row.scheduled_at, loop.candidate.time_zone) if row.scheduled_at else "")
                       for row in loops.interviews(session, loop=loop)],
        "typed": typed or {"first_day": (today + timedelta(days=1)).isoformat(), "max_days": "2",
                           "last_day": (today + timedelta(days=14)).isoformat(), "break_minutes": "15",
                           "distinct": "on"},
        "notice": notice, "error": error, "zones": known_zones(), "csrf_token": principal.csrf_token or "",
        "viewer_zone": principal.user.time_zone,
    }  # fmt: skip
    return templates.TemplateResponse(request, "scheduling/loop.html", context, status_code=status)


@router.post("/loops/{loop_id}/schedule", response_class=HTMLResponse)
def propose_times(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    loop_id: int, form: FormDep,
) -> Response:  # fmt: skip
    """Search for schedules with the form's dates and rules; refused input comes back with the reason."""
    loop = loops.get_loop(session, loop_id, user=user)
    typed = {key: str(form.get(key, "")) for key in ("first_day", "last_day", "max_days", "break_minutes", "distinct")}
    try:
        data = ProposalCreate(
            first_day=_day(typed["first_day"]), last_day=_day(typed["last_day"]),
            max_days=int(typed["max_days"] or 2), break_minutes=int(typed["break_minutes"] or 15),
            distinct_interviewers=typed["distinct"] == "on",
        )  # fmt: skip
        with session.begin_nested():
            service.create(session, loop=loop, data=data, actor=user)
    except (ValueError, ValidationError, VetmlError) as error:
        message = _message(error)
        return _schedule_page(request, session, settings, principal, loop, error=message, typed=typed,
                              status=HTTPStatus.UNPROCESSABLE_ENTITY)  # fmt: skip
    return RedirectResponse(f"/loops/{loop.id}/schedule#proposal", HTTPStatus.SEE_OTHER)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InvalidInput(f"{text!r} is not a date", hint="Use YYYY-MM-DD.") from error


def _message(error: Exception) -> str:
    if isinstance(error, VetmlError):
        return f"{error.message}. {error.hint}".strip()
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
    return "the days and minutes must be whole numbers"


@router.post("/loops/{loop_id}/candidate-hours", response_class=HTMLResponse)
def save_candidate_hours(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    loop_id: int, form: FormDep,
) -> Response:  # fmt: skip
    """Save the candidate's zone and acceptable hours."""
    loop = loops.get_loop(session, loop_id, user=user)
    try:
        with session.begin_nested():
            hours.set_candidate_hours(
                session, candidate_id=loop.candidate_id, data=_hours_input(dict(form)), actor=user
            )
    except VetmlError as error:
        return _schedule_page(request, session, settings, principal, loop, error=_message(error),
                              status=HTTPStatus.UNPROCESSABLE_ENTITY)  # fmt: skip
    return RedirectResponse(f"/loops/{loop.id}/schedule?" + urlencode({"notice": "Candidate hours saved."}),
                            HTTPStatus.SEE_OTHER)  # fmt: skip


@router.post("/proposals/{proposal_id}/cancel")
def cancel_page(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, proposal_id: int, background: BackgroundTasks
) -> Response:
    """Withdraw the link or cancel its booking, then return to the loop's schedule."""
    proposal = service.get(session, proposal_id, actor=user)
    cancelled = service.cancel(session, proposal=proposal, actor=user)
    background.add_task(invitations.deliver, settings, [(invitations.event_of(row), "CANCEL") for row in cancelled])
    notice = f"Cancelled {len(cancelled)} interview(s)." if cancelled else "The link was withdrawn."
    return RedirectResponse(
        f"/loops/{proposal.loop_id}/schedule?" + urlencode({"notice": notice}), HTTPStatus.SEE_OTHER
    )


# The candidate's page


@router.get("/schedule/{schedule_token}", response_class=HTMLResponse)
def candidate_page(
    request: Request, session: SessionDep, settings: SettingsDep, schedule_token: Token, zone_name: ZoneQuery = "",
    error: str = "",
) -> Response:  # fmt: skip
    """The options in the candidate's zone (or the one they pick); after booking, the times and invites."""
    proposal = service.by_token(session, settings=settings, token=schedule_token)
    shown = zone(zone_name).key if zone_name else proposal.loop.candidate.time_zone
    view = service.view(session, proposal, settings=settings, zone_name=shown)
    booked = _booked(session, proposal.loop, view) if proposal.status == "booked" else []
    context = {"view": view, "token": schedule_token, "shown": shown, "zones": known_zones(), "booked": booked,
               "candidate": proposal.loop.candidate, "error": error[:300]}  # fmt: skip
    return templates.TemplateResponse(request, "scheduling/candidate.html", context, headers=PRIVATE)


def _booked(session: Session, loop: Loop, view: Any) -> list[tuple[Interview, str]]:
    """The booked interviews of the chosen option, each with its time range in the candidate's zone."""
    rows = [row for row in loops.interviews(session, loop=loop) if row.status == "scheduled" and row.scheduled_at]
    chosen = view.options[view.chosen] if view.chosen is not None else None
    modules = {item.module for item in chosen.sessions} if chosen else set()
    return [(row, time_range_label(row.scheduled_at, row.scheduled_at + timedelta(minutes=row.minutes),
                                   loop.candidate.time_zone))
            for row in rows if row.module in modules and row.scheduled_at is not None]  # fmt: skip


@router.post("/schedule/{schedule_token}/book", dependencies=[Depends(per_link("submissions"))])
def book_page(
    session: SessionDep, settings: SettingsDep, schedule_token: Token, form: FormDep, background: BackgroundTasks
) -> Response:
    """Book the picked option; invites are mailed after the booking is saved, when SMTP is configured."""
    proposal = service.by_token(session, settings=settings, token=schedule_token)
    try:
        option = int(str(form.get("option", "")))
        with session.begin_nested():
            booked = service.book(session, proposal=proposal, option=option)
    except ValueError:
        return _back(schedule_token, error="Choose one of the options.")
    except VetmlError as error:
        return _back(schedule_token, error=_message(error))
    background.add_task(invitations.deliver, settings, invitations.booking_events(booked))
    return _back(schedule_token)


def _back(token: str, *, error: str = "") -> RedirectResponse:
    query = "?" + urlencode({"error": error}) if error else ""
    return RedirectResponse(f"/schedule/{token}{query}", HTTPStatus.SEE_OTHER, headers=PRIVATE)


@router.get("/schedule/{schedule_token}/interviews/{interview_id}.ics")
def candidate_invite(session: SessionDep, settings: SettingsDep, schedule_token: Token, interview_id: int) -> Response:
    """One booked interview's invite, in the candidate's zone."""
    proposal = service.by_token(session, settings=settings, token=schedule_token)
    interview = session.get(Interview, interview_id)
    if interview is None or interview.loop_id != proposal.loop_id:
        raise NotFound(f"there is no interview {interview_id} on this link", hint=service.LINK_GONE)
    if proposal.status != "booked":
        raise Conflict("nothing is booked on this link yet", hint="Pick an option first; its invites appear here.")
    content = invitations.ics_for(interview, zone_name=proposal.loop.candidate.time_zone)
    headers = PRIVATE | {"Content-Disposition": f'attachment; filename="interview-{interview.id}.ics"'}
    return Response(content, media_type="text/calendar; charset=utf-8", headers=headers)
