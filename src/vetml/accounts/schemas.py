"""Shapes of accounts going in and out: roles, new users, what the API shows of a user or token."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

MIN_PASSWORD = 10


class Role(StrEnum):
    """What a staff user may do; candidates are not users."""

    ADMIN = "admin"
    HIRING_MANAGER = "hiring-manager"
    INTERVIEWER = "interviewer"


def _known_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone; use e.g. Europe/Berlin, Asia/Kolkata or UTC") from None
    return value


Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
]
TimeZone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64), AfterValidator(_known_time_zone)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class UserCreate(BaseModel):
    """A new staff user; the password is hashed at once and never stored or shown."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    name: Name
    role: Role
    password: str = Field(min_length=MIN_PASSWORD, max_length=256, description=f"At least {MIN_PASSWORD} characters.")
    time_zone: TimeZone = "UTC"


class UserView(BaseModel):
    """A user as other staff see them."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: Role
    time_zone: str
    active: bool
    demo: bool


class LoginForm(BaseModel):
    """What the sign-in form and `POST /api/v1/auth/login` send."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    password: str = Field(min_length=1, max_length=256)


class TokenCreate(BaseModel):
    """A name for a new API token, so it can be recognised and revoked later."""

    model_config = ConfigDict(extra="forbid")

    name: Name


class TokenView(BaseModel):
    """An API token as listed: never the secret itself."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenView):
    """A token just made: the only time its secret is shown."""

    token: str


class SessionInfo(BaseModel):
    """Who is signed in; ``csrf_token`` is set for browser sessions, None for API tokens."""

    user: UserView
    csrf_token: str | None
