"""JSON API of the hiring pipeline: hiring requests, candidates, their stage moves, CVs and audit log.

Reads need any signed-in staff user (the service narrows what interviewers see); writes need an
admin or a hiring manager.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Query, Response, UploadFile

from vetml.hiring import service
from vetml.hiring.cv import MAX_CV_BYTES, content_disposition
from vetml.hiring.schemas import (
    CandidateCreate,
    CandidateUpdate,
    CandidateView,
    EventView,
    FileView,
    RequestCreate,
    RequestStatus,
    RequestUpdate,
    RequestView,
    Stage,
    StageMove,
    StatusChange,
)
from vetml.questions.schemas import Level
from vetml.resume import service as resume
from vetml.web.auth import ManagerUser, StaffUser
from vetml.web.deps import SessionDep
from vetml.web.pagination import Page, PageDep

api_router = APIRouter(tags=["hiring"])
Words = Annotated[str, Query(max_length=200, description="Words that must all appear.")]


@api_router.get("/hiring-requests", summary="List hiring requests")
def list_requests(
    session: SessionDep, user: StaffUser, page: PageDep, status: RequestStatus | None = None,
    level: Level | None = None, q: Words = "", hiring_manager_id: int | None = None,
) -> Page[RequestView]:  # fmt: skip
    """Newest first; interviewers see only the requests of candidates they interview."""
    rows, total = service.list_requests(session, viewer=user, page=page, status=status, level=level, query=q,
                                        hiring_manager_id=hiring_manager_id)  # fmt: skip
    items = [RequestView.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@api_router.post("/hiring-requests", status_code=HTTPStatus.CREATED, summary="Create a hiring request")
def create_request(session: SessionDep, user: ManagerUser, data: RequestCreate) -> RequestView:
    """A new request in draft; open it with POST .../status."""
    return RequestView.model_validate(service.create_request(session, data=data, actor=user))


@api_router.get("/hiring-requests/{request_id}", summary="One hiring request")
def get_request(session: SessionDep, user: StaffUser, request_id: int) -> RequestView:
    """The request with its current version, to send back with edits."""
    return RequestView.model_validate(service.get_request(session, request_id, viewer=user))


@api_router.patch("/hiring-requests/{request_id}", summary="Edit a hiring request")
def update_request(session: SessionDep, user: ManagerUser, request_id: int, data: RequestUpdate) -> RequestView:
    """Changes only the fields sent; a stale `version` is refused with 409."""
    return RequestView.model_validate(service.update_request(session, request_id, data=data, actor=user))


@api_router.post("/hiring-requests/{request_id}/status", summary="Change a hiring request's status")
def change_status(session: SessionDep, user: ManagerUser, request_id: int, data: StatusChange) -> RequestView:
    """draft → open | closed; open → on-hold | filled | closed; on-hold → open | closed."""
    return RequestView.model_validate(service.change_status(session, request_id, data=data, actor=user))


@api_router.get("/hiring-requests/{request_id}/events", summary="A hiring request's audit log")
def request_events(session: SessionDep, user: StaffUser, request_id: int) -> list[EventView]:
    """Who created, edited, opened or closed the request, when and why, oldest first."""
    return [EventView.model_validate(row) for row in service.request_events(session, request_id, viewer=user)]


@api_router.get("/candidates", summary="List candidates")
def list_candidates(
    session: SessionDep, user: StaffUser, page: PageDep, request_id: int | None = None,
    stage: Stage | None = None, q: Words = "",
) -> Page[CandidateView]:  # fmt: skip
    """Newest first; interviewers see only candidates they interview."""
    rows, total = service.list_candidates(session, viewer=user, page=page, request_id=request_id, stage=stage,
                                          query=q)  # fmt: skip
    items = [CandidateView.model_validate(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@api_router.post("/candidates", status_code=HTTPStatus.CREATED, summary="Add a candidate")
def create_candidate(session: SessionDep, user: ManagerUser, data: CandidateCreate) -> CandidateView:
    """A new candidate at `applied` for an open or on-hold request."""
    return CandidateView.model_validate(service.create_candidate(session, data=data, actor=user))


@api_router.get("/candidates/{candidate_id}", summary="One candidate")
def get_candidate(session: SessionDep, user: StaffUser, candidate_id: int) -> CandidateView:
    """The candidate with its current version, to send back with edits."""
    return CandidateView.model_validate(service.get_candidate(session, candidate_id, viewer=user))


@api_router.patch("/candidates/{candidate_id}", summary="Edit a candidate")
def update_candidate(session: SessionDep, user: ManagerUser, candidate_id: int, data: CandidateUpdate) -> CandidateView:
    """Changes only the fields sent; a stale `version` is refused with 409."""
    return CandidateView.model_validate(service.update_candidate(session, candidate_id, data=data, actor=user))


@api_router.post("/candidates/{candidate_id}/stage", summary="Move a candidate through the pipeline")
def move_stage(session: SessionDep, user: ManagerUser, candidate_id: int, data: StageMove) -> CandidateView:
    """One stage on, or rejected / withdrawn with a reason; recorded in the audit log."""
    return CandidateView.model_validate(service.move_stage(session, candidate_id, data=data, actor=user))


@api_router.get("/candidates/{candidate_id}/events", summary="A candidate's audit log")
def candidate_events(session: SessionDep, user: StaffUser, candidate_id: int) -> list[EventView]:
    """Who did what and why, oldest first."""
    return [EventView.model_validate(row) for row in service.events(session, candidate_id, viewer=user)]


@api_router.post("/candidates/{candidate_id}/cv", status_code=HTTPStatus.CREATED, summary="Upload a CV")
def upload_cv(session: SessionDep, user: ManagerUser, candidate_id: int, file: UploadFile) -> FileView:
    """PDF, DOCX or UTF-8 text (Markdown, LaTeX, JSON Resume) up to 5 MB, checked by content; the newest
    upload is the current CV, and it is reviewed at once (GET .../cv/review)."""
    # One byte past the limit is enough to know it is too big; the rest is never read.
    content = file.file.read(MAX_CV_BYTES + 1)
    reviewed = resume.upload_cv(session, candidate_id, content=content, filename=file.filename, actor=user)
    return FileView.model_validate(service.latest_cv(session, reviewed.candidate_id, viewer=user))


@api_router.get("/candidates/{candidate_id}/cv", summary="Download the current CV", response_class=Response)
def download_cv(session: SessionDep, user: StaffUser, candidate_id: int) -> Response:
    """The newest CV as an attachment, never rendered inline by the browser."""
    stored = service.latest_cv(session, candidate_id, viewer=user)
    headers = {"Content-Disposition": content_disposition(stored.filename), "X-Content-Type-Options": "nosniff"}
    return Response(stored.content, media_type=stored.media_type, headers=headers)
