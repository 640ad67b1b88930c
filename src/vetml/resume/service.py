"""CV reviews kept with the candidate: review on upload, read the latest, and hand its probes to the planner."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.errors import NotFound, VetmlError
from vetml.hiring import service as hiring
from vetml.hiring.models import CandidateFile
from vetml.resume import review as reviewing
from vetml.resume.models import CvReview
from vetml.resume.schemas import Review

REVIEWER_VERSION = "1"


def upload_cv(session: Session, candidate_id: int, *, content: bytes, filename: str | None, actor: User) -> CvReview:
    """Keep the CV (refused only when it is not a CV file at all) and store its review beside it."""
    stored = hiring.attach_cv(session, candidate_id, content=content, filename=filename, actor=actor)
    return review_file(session, stored)


def review_file(session: Session, stored: CandidateFile) -> CvReview:
    """Review a stored CV; a file the reader cannot use keeps its reason instead of a result."""
    try:
        found = reviewing.review(stored.content, stored.filename)
    except VetmlError as error:
        row = CvReview(
            file_id=stored.id,
            candidate_id=stored.candidate_id,
            error=f"{error.message}. {error.hint}".strip(),
            reviewer_version=REVIEWER_VERSION,
        )
    else:
        row = CvReview(
            file_id=stored.id,
            candidate_id=stored.candidate_id,
            score=found.score,
            result=found.model_dump(mode="json"),
            reviewer_version=REVIEWER_VERSION,
        )
    session.add(row)
    session.flush()
    return row


def find_review(session: Session, candidate_id: int, *, viewer: User) -> CvReview | None:
    """The review of the candidate's newest CV, reviewing it now if it was uploaded before reviews existed."""
    stored = hiring.find_cv(session, candidate_id, viewer=viewer)
    if stored is None:
        return None
    row = session.scalars(select(CvReview).where(CvReview.file_id == stored.id)).first()
    return row if row is not None else review_file(session, stored)


def latest_review(session: Session, candidate_id: int, *, viewer: User) -> CvReview:
    """Like `find_review`, but NotFound when the candidate has no CV."""
    row = find_review(session, candidate_id, viewer=viewer)
    if row is None:
        raise NotFound(f"candidate {candidate_id} has no CV yet", hint="Upload one with POST .../cv.")
    return row


def as_review(row: CvReview) -> Review | None:
    """The stored result as a Review, or None when the file could not be reviewed."""
    return Review.model_validate(row.result) if row.result is not None else None


def probe_skills(session: Session, candidate_id: int, *, viewer: User) -> list[str]:
    """Skills the newest CV claims without showing them in use; the loop planner gives each a deep dive."""
    row = find_review(session, candidate_id, viewer=viewer)
    found = as_review(row) if row is not None else None
    return list(found.probe_skills) if found is not None else []
