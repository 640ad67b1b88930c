"""JSON API of the take-home audit: upload a candidate's project archive, read the latest report."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import APIRouter, UploadFile

from vetml.takehome import service
from vetml.takehome.audit import AuditReport
from vetml.web.auth import ManagerUser, StaffUser
from vetml.web.deps import SessionDep

api_router = APIRouter(tags=["take-home audit"])


@api_router.post("/candidates/{candidate_id}/takehome", status_code=HTTPStatus.CREATED, summary="Audit a take-home")
def upload(session: SessionDep, user: ManagerUser, candidate_id: int, file: UploadFile) -> AuditReport:
    """A .zip or .tar(.gz) of the candidate's project: read safely, checked, its tests run in the sandbox."""
    content = file.file.read(service.MAX_UPLOAD_BYTES + 1)  # one byte over is enough for the service to refuse it
    row = service.audit_upload(session, candidate_id, content=content, filename=file.filename, actor=user)
    return service.report_of(row)


@api_router.get("/candidates/{candidate_id}/takehome", summary="The latest take-home audit of a candidate")
def latest(session: SessionDep, user: StaffUser, candidate_id: int) -> AuditReport:
    """The newest audit report kept for the candidate."""
    return service.report_of(service.latest(session, candidate_id, viewer=user))
