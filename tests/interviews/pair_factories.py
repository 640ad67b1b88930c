"""Test data for pair programming: an interview on a real database, built from plain rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pycrdt import Doc, Text

from tests.factories import create_candidate, create_request, create_user
from vetml.interviews.models import Interview, Loop
from vetml.interviews.pairing import TEXT_NAME


@dataclass
class PairTeam:
    """A manager, the interview's interviewer, another interviewer, and the interview (ids survive the session)."""

    manager_id: int
    interviewer_id: int
    outsider_id: int
    interview_id: int
    candidate_name: str


def create_pair_team(session: Any) -> PairTeam:
    """An ml-coding interview run by Ana for a candidate, plus Olga who runs nothing."""
    manager = create_user(session, role="hiring-manager", name="Maya Manager")
    ana = create_user(session, role="interviewer", email="ana@example.test", name="Ana Interviewer")
    olga = create_user(session, role="interviewer", email="olga@example.test", name="Olga Outsider")
    candidate = create_candidate(session, create_request(session, manager), stage="interviewing", name="Chandra")
    loop = Loop(candidate_id=candidate.id, plan={"modules": []}, seed="pair", created_by_id=manager.id)
    session.add(loop)
    session.flush()
    interview = Interview(loop_id=loop.id, module="ml-coding", interviewer_id=ana.id, minutes=60)
    session.add(interview)
    session.flush()
    return PairTeam(manager.id, ana.id, olga.id, interview.id, candidate.name)


class Typist:
    """A Yjs document on the client side that turns edits into the updates a browser would send."""

    def __init__(self) -> None:
        self.doc: Doc[Any] = Doc()
        self.text = self.doc.get(TEXT_NAME, type=Text)

    def insert(self, index: int, words: str) -> bytes:
        """Insert ``words`` at ``index`` and return the update that describes just that edit."""
        before = self.doc.get_state()
        self.text.insert(index, words)
        return self.doc.get_update(before)

    def delete(self, start: int, end: int) -> bytes:
        """Delete ``[start, end)`` and return the update for it."""
        before = self.doc.get_state()
        del self.text[start:end]
        return self.doc.get_update(before)
