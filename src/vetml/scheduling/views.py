"""JSON API of scheduling: hours, calendar import, proposals, cancellation and invite downloads."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, UploadFile
from fastapi.responses import Response

from vetml.interviews import service as loops
from vetml.scheduling import hours, invitations, service
from vetml.scheduling.ics_import import MAX_ICS_BYTES
from vetml.scheduling.schemas import BusyImport, HoursInput, HoursView, ProposalCreate, ProposalView
from vetml.scheduling.zones import zone
from vetml.web.auth import ManagerUser, StaffUser
from vetml.web.deps import SessionDep, SettingsDep

api_router = APIRouter(tags=["scheduling"])
ZoneQuery = Annotated[str | None, Query(alias="zone", max_length=64, description="IANA zone to show times in.")]


@api_router.get("/users/{user_id}/hours", summary="A user's working hours")
def user_hours(session: SessionDep, user: StaffUser, user_id: int) -> HoursView:
    """Your own hours, or anyone's for a manager."""
    return hours.user_hours(session, user_id=user_id, actor=user)


@api_router.put("/users/{user_id}/hours", summary="Set a user's working hours")
def set_user_hours(session: SessionDep, user: StaffUser, user_id: int, data: HoursInput) -> HoursView:
    """Weekly hours in the user's zone, exceptions and a daily interview limit; checked in full before saving."""
    return hours.set_user_hours(session, user_id=user_id, data=data, actor=user)


@api_router.post("/users/{user_id}/busy", summary="Import busy time from an .ics file")
def import_busy(session: SessionDep, user: StaffUser, user_id: int, file: UploadFile) -> BusyImport:
    """Replace the user's imported busy blocks with the events of an exported calendar."""
    return hours.import_busy(session, user_id=user_id, data=file.file.read(MAX_ICS_BYTES + 1), actor=user)


@api_router.get("/candidates/{candidate_id}/hours", summary="A candidate's acceptable hours")
def candidate_hours(session: SessionDep, _user: ManagerUser, candidate_id: int) -> HoursView:
    """The hours the finder may use for the candidate, in their zone."""
    return hours.candidate_hours(session, candidate_id=candidate_id)


@api_router.put("/candidates/{candidate_id}/hours", summary="Set a candidate's acceptable hours")
def set_candidate_hours(session: SessionDep, user: ManagerUser, candidate_id: int, data: HoursInput) -> HoursView:
    """The candidate's zone and the hours they accept for interviews."""
    return hours.set_candidate_hours(session, candidate_id=candidate_id, data=data, actor=user)


@api_router.post("/loops/{loop_id}/proposals", status_code=HTTPStatus.CREATED, summary="Propose interview times")
def create_proposal(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, loop_id: int, data: ProposalCreate
) -> ProposalView:
    """Ranked schedules for the whole loop (or the reasons none fits) and the candidate's link to pick one."""
    loop = loops.get_loop(session, loop_id, user=user)
    return service.view(session, service.create(session, loop=loop, data=data, actor=user), settings=settings)


@api_router.get("/proposals/{proposal_id}", summary="A scheduling proposal")
def get_proposal(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, proposal_id: int, zone_name: ZoneQuery = None
) -> ProposalView:
    """The options in the candidate's zone (or ``zone``), whether one was booked, and the link."""
    if zone_name:
        zone(zone_name)
    return service.view(session, service.get(session, proposal_id, actor=user), settings=settings, zone_name=zone_name)


@api_router.post("/proposals/{proposal_id}/cancel", summary="Withdraw a proposal or cancel its booking")
def cancel_proposal(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, proposal_id: int, background: BackgroundTasks
) -> ProposalView:
    """The link stops working; booked interviews are cancelled and cancellations are mailed when SMTP is set."""
    proposal = service.get(session, proposal_id, actor=user)
    cancelled = service.cancel(session, proposal=proposal, actor=user)
    events = [(invitations.event_of(row), "CANCEL") for row in cancelled]
    background.add_task(invitations.deliver, settings, events)  # type: ignore[arg-type]
    return service.view(session, proposal, settings=settings)


@api_router.get("/interviews/{interview_id}/invite.ics", summary="An interview's calendar invite")
def interview_invite(session: SessionDep, user: StaffUser, interview_id: int, zone_name: ZoneQuery = None) -> Response:
    """The current invite (or cancellation) in your zone, for calendars that take a file."""
    interview = loops.get_interview(session, interview_id, user=user)
    content = invitations.ics_for(interview, zone_name=zone(zone_name or user.time_zone).key)
    headers = {"Content-Disposition": f'attachment; filename="interview-{interview.id}.ics"'}
    return Response(content, media_type="text/calendar; charset=utf-8", headers=headers)
