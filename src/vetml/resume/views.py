"""JSON API of CV review: check any CV without keeping it, or read the review of a candidate's CV."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, UploadFile
from pydantic import BaseModel, ConfigDict

from vetml.hiring.cv import MAX_CV_BYTES
from vetml.resume import review as reviewing
from vetml.resume import service
from vetml.resume.schemas import Review
from vetml.web.auth import StaffUser
from vetml.web.deps import SessionDep

api_router = APIRouter(tags=["cv review"])


class StoredReview(BaseModel):
    """The review kept with a candidate's newest CV; `review` is null and `error` says why when it could not be read."""

    model_config = ConfigDict(from_attributes=True)

    file_id: int
    candidate_id: int
    score: int | None
    error: str
    reviewed_at: datetime
    review: Review | None


@api_router.post("/cv/check", summary="Review a CV without keeping it")
def check_cv(user: StaffUser, file: UploadFile) -> Review:
    """PDF, DOCX, Markdown, LaTeX, text or JSON Resume up to 5 MB; nothing is stored or logged."""
    content = file.file.read(MAX_CV_BYTES + 1)  # one byte past the limit is enough to refuse it
    return reviewing.review(content, file.filename or "")


@api_router.get("/candidates/{candidate_id}/cv/review", summary="The review of a candidate's current CV")
def candidate_review(session: SessionDep, user: StaffUser, candidate_id: int) -> StoredReview:
    """Findings, score, skills and probes for the newest CV (reviewed now if it predates reviews)."""
    row = service.latest_review(session, candidate_id, viewer=user)
    return StoredReview(
        file_id=row.file_id,
        candidate_id=row.candidate_id,
        score=row.score,
        error=row.error,
        reviewed_at=row.reviewed_at,
        review=service.as_review(row),
    )
