"""Shapes of the pair-programming replay: the code after each stored edit, with when and by whom."""

from __future__ import annotations

from pydantic import BaseModel, Field

from vetml.interviews.assessment_schemas import Moment


class ReplayStep(BaseModel):
    """The shared code right after one stored update."""

    step: int = Field(description="1 for the first stored update, counting up in the order the server applied them.")
    at: Moment = Field(description="When the server stored the update (UTC).")
    author: str = Field(description="Name of who sent the update.")
    role: str = Field(description="interviewer, manager or candidate.")
    text: str = Field(description="The whole code after this update.")


class Replay(BaseModel):
    """How the code of one interview's shared editor evolved."""

    interview_id: int
    steps: list[ReplayStep]
