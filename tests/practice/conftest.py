"""A database with the small test bank loaded, and a practice profile on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from vetml.practice import service
from vetml.practice.models import PracticeProfile
from vetml.questions import service as questions


@pytest.fixture
def loaded(session: Session, bank_dir: Path) -> Session:
    """The test session with the four-question test bank loaded and committed."""
    questions.sync(session, root=bank_dir)
    session.commit()
    return session


@pytest.fixture
def profile(loaded: Session) -> PracticeProfile:
    found = service.profile_named(loaded, name="alex")
    loaded.commit()
    return found
