"""Who is asking: staff users by session cookie or API token, with CSRF checks and role gates.

A browser signs in and gets an HttpOnly, SameSite=Lax session cookie; every state-changing request
it sends must also carry the session's CSRF token (form field ``csrf_token`` or header
``X-CSRF-Token``). Programs send ``Authorization: Bearer <token>`` instead and need no CSRF token,
because a browser never adds that header on its own.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from vetml.accounts import service
from vetml.accounts.models import User
from vetml.accounts.schemas import Role
from vetml.errors import Forbidden, Unauthorized
from vetml.web.deps import SessionDep
from vetml.web.ratelimit import check_staff_write

SESSION_COOKIE = "vetml_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """The signed-in user and, for a browser session, its CSRF token."""

    user: User
    csrf_token: str | None


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if sent."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


async def optional_principal(request: Request, session: SessionDep) -> Principal | None:
    """The caller if signed in (token first, then cookie), else None; CSRF is checked for cookies.

    The lookup runs on a worker thread: on the event loop, a query waiting for a pooled connection
    would stall every other request of the process for as long as it waits.
    """
    principal = await run_in_threadpool(_signed_in, request, session)
    if principal is not None and principal.csrf_token is not None and request.method not in SAFE_METHODS:
        await _check_csrf(request, principal.csrf_token)
    return principal


def _signed_in(request: Request, session: Session) -> Principal | None:
    token = bearer_token(request)
    if token is not None:
        user = service.user_for_token(session, token)
        if user is None:
            raise Unauthorized("the API token is unknown or revoked", hint="Create a new token and send it again.")
        return Principal(user=user, csrf_token=None)
    cookie = request.cookies.get(SESSION_COOKIE)
    row = service.session_for(session, cookie) if cookie else None
    return None if row is None else Principal(user=row.user, csrf_token=row.csrf_token)


async def _check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, expected):
        raise Forbidden("the request has no valid CSRF token",
                        hint=f"Reload the page and try again; programs send the {CSRF_HEADER} header.")  # fmt: skip


def remember_viewer(request: Request, session: SessionDep) -> None:
    """Who the page header greets, on every page (no CSRF check: this grants nothing).

    Plain values, not the row, because error pages render after the session has rolled back.
    """
    cookie = request.cookies.get(SESSION_COOKIE)
    row = service.session_for(session, cookie) if cookie else None
    if row is not None:
        request.state.viewer = {"name": row.user.name, "role": row.user.role, "csrf_token": row.csrf_token}


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]


def current_principal(request: Request, principal: OptionalPrincipal) -> Principal:
    """The signed-in caller, or a 401 saying how to sign in; their writes through the API are rate-limited here,
    where every staff route learns who is asking, so an anonymous caller can never spend a user's allowance."""
    if principal is None:
        hint = "Sign in at /login, or send an API token as 'Authorization: Bearer <token>'."
        raise Unauthorized("you need to sign in first", hint=hint)
    check_staff_write(request, user_id=principal.user.id)
    return principal


def current_user(principal: Annotated[Principal, Depends(current_principal)]) -> User:
    """The signed-in staff user."""
    return principal.user


def require(*roles: Role) -> Callable[[User], User]:
    """A dependency letting through only users with one of ``roles``."""
    allowed = {role.value for role in roles}

    def gate(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in allowed:
            names = ", ".join(sorted(allowed))
            raise Forbidden(f"your role ({user.role}) may not do this", hint=f"Ask a user with role {names}.")
        return user

    return gate


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
StaffUser = Annotated[User, Depends(current_user)]
ManagerUser = Annotated[User, Depends(require(Role.ADMIN, Role.HIRING_MANAGER))]
AdminUser = Annotated[User, Depends(require(Role.ADMIN))]
