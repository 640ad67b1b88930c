"""Staff accounts: creating users, signing in with rate limiting, browser sessions and API tokens.

Secrets only ever leave this module once, when they are made (a session cookie, a new API token);
the database keeps their SHA-256. Bad credentials are not exceptions here: ``authenticate``
records the attempt and returns None, so the caller can commit the record before refusing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vetml.accounts.models import ApiToken, AuthSession, LoginAttempt, User
from vetml.accounts.schemas import Role, UserCreate
from vetml.errors import Conflict, NotFound, TooManyRequests

SESSION_LIFETIME = timedelta(hours=12)
RATE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_CLIENT = 30
TOKEN_PREFIX = "vetml_"

_hasher = PasswordHasher()
# Verified when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def digest(secret: str) -> str:
    """The SHA-256 a session or token is stored and looked up by."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


MANAGER_ROLES = frozenset({Role.ADMIN.value, Role.HIRING_MANAGER.value})


def is_manager(user: User) -> bool:
    """Admins and hiring managers run hiring: requests, candidates, loops and decisions."""
    return user.role in MANAGER_ROLES


def create_user(session: Session, *, data: UserCreate, demo: bool = False) -> User:
    """A new staff user; a second user with the same e-mail is a conflict."""
    if get_by_email(session, data.email) is not None:
        raise Conflict(f"a user with the e-mail {data.email} already exists", hint="Use another e-mail address.")
    user = User(email=data.email, name=data.name, role=data.role.value, time_zone=data.time_zone, demo=demo,
                password_hash=_hasher.hash(data.password))  # fmt: skip
    session.add(user)
    session.flush()
    return user


def get(session: Session, user_id: int) -> User:
    """The user with ``user_id``."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no user {user_id}", hint="List users with GET /api/v1/users.")
    return user


def get_by_email(session: Session, email: str) -> User | None:
    """The user signing in with ``email`` (case does not matter), if any."""
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def list_users(session: Session, *, role: Role | None = None) -> list[User]:
    """Every user, by name; only those of ``role`` when given."""
    statement = select(User).order_by(User.name, User.id)
    if role is not None:
        statement = statement.where(User.role == role.value)
    return list(session.scalars(statement))


def authenticate(
    session: Session, *, email: str, password: str, client: str, now: datetime | None = None
) -> User | None:
    """The active user with these credentials, or None; refuses outright after too many failures."""
    moment = now or _now()
    email = email.strip().lower()
    _check_rate(session, email=email, client=client, now=moment)
    user = get_by_email(session, email)
    valid = _verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None and user.active
    session.add(LoginAttempt(email=email, client=client[:64], succeeded=valid, at=moment))
    session.flush()
    if valid and user is not None and _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user if valid else None


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_rate(session: Session, *, email: str, client: str, now: datetime) -> None:
    since = now - RATE_WINDOW
    failed = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.at >= since, ~LoginAttempt.succeeded)
    by_email = session.scalar(failed.where(LoginAttempt.email == email)) or 0
    by_client = session.scalar(failed.where(LoginAttempt.client == client[:64])) or 0
    if by_email >= MAX_FAILURES_PER_EMAIL or by_client >= MAX_FAILURES_PER_CLIENT:
        minutes = int(RATE_WINDOW.total_seconds() // 60)
        raise TooManyRequests("too many failed sign-in attempts",
                              hint=f"Wait {minutes} minutes, or ask an admin to reset your password.")  # fmt: skip


@dataclass(frozen=True)
class NewSession:
    """A session just started: the cookie value (shown once) and its CSRF token."""

    token: str
    csrf_token: str
    expires_at: datetime


def start_session(session: Session, *, user: User, now: datetime | None = None) -> NewSession:
    """Sign ``user`` in: a fresh random session token (never reused, so no session fixation)."""
    moment = now or _now()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = moment + SESSION_LIFETIME
    session.add(AuthSession(token_hash=digest(token), user_id=user.id, csrf_token=csrf, created_at=moment,
                            expires_at=expires))  # fmt: skip
    session.flush()
    return NewSession(token=token, csrf_token=csrf, expires_at=expires)


def session_for(session: Session, token: str, *, now: datetime | None = None) -> AuthSession | None:
    """The live session of a cookie value, or None when unknown, expired or its user is disabled."""
    row = session.get(AuthSession, digest(token))
    if row is None or _aware(row.expires_at) <= (now or _now()) or not row.user.active:
        return None
    return row


def end_session(session: Session, token: str) -> None:
    """Sign out: the session's row is deleted, so the cookie is worthless even if kept."""
    session.execute(delete(AuthSession).where(AuthSession.token_hash == digest(token)))


def create_token(session: Session, *, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user`` and its secret, which is shown once and never again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=digest(secret), prefix=secret[: len(TOKEN_PREFIX) + 4])
    session.add(row)
    session.flush()
    return row, secret


def list_tokens(session: Session, *, user: User) -> list[ApiToken]:
    """The user's API tokens, newest first."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def revoke_token(session: Session, *, user: User, token_id: int, now: datetime | None = None) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound(f"you have no API token {token_id}", hint="List your tokens with GET /api/v1/auth/tokens.")
    row.revoked_at = row.revoked_at or (now or _now())
    return row


def user_for_token(session: Session, secret: str, *, now: datetime | None = None) -> User | None:
    """The active user owning a live API token, or None; records when the token was last used."""
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest(secret))).first()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    row.last_used_at = now or _now()
    return row.user
