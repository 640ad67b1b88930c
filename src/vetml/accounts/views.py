"""Routes of accounts: the sign-in page, sign-out, and the JSON API for sessions, tokens and users."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from vetml.accounts import service
from vetml.accounts.schemas import (
    LoginForm,
    Role,
    SessionInfo,
    TokenCreate,
    TokenCreated,
    TokenView,
    UserCreate,
    UserView,
)
from vetml.errors import Unauthorized
from vetml.web.auth import SESSION_COOKIE, AdminUser, CurrentPrincipal, ManagerUser, OptionalPrincipal, StaffUser
from vetml.web.deps import SessionDep, templates
from vetml.web.errors import render_problem
from vetml.web.ratelimit import check_sign_in

page_router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["accounts"])
BAD_CREDENTIALS = "the e-mail or password is wrong"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _safe_next(target: str) -> str:
    """Only same-site paths, so the sign-in page cannot be used to redirect elsewhere."""
    parts = urlsplit(target)
    return target if target.startswith("/") and not target.startswith("//") and not parts.netloc else "/"


def _set_session_cookie(request: Request, response: Response, new: service.NewSession) -> None:
    response.set_cookie(SESSION_COOKIE, new.token, expires=new.expires_at, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")  # fmt: skip


@page_router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, principal: OptionalPrincipal, next: str = "/") -> Response:
    """The sign-in form (signed-in users go straight on)."""
    if principal is not None:
        return RedirectResponse(_safe_next(next), status_code=HTTPStatus.SEE_OTHER)
    return templates.TemplateResponse(request, "login.html", {"next": _safe_next(next), "error": None, "email": ""})


@page_router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Check the credentials; on success set the session cookie and go to ``next``."""
    check_sign_in(request, email=email)
    user = service.authenticate(session, email=email, password=password, client=_client(request))
    if user is None:
        context = {"next": _safe_next(next), "error": BAD_CREDENTIALS, "email": email}
        return templates.TemplateResponse(request, "login.html", context, status_code=HTTPStatus.UNAUTHORIZED)
    response = RedirectResponse(_safe_next(next), status_code=HTTPStatus.SEE_OTHER)
    _set_session_cookie(request, response, service.start_session(session, user=user))
    return response


@page_router.post("/logout")
def logout(request: Request, session: SessionDep, _principal: CurrentPrincipal) -> Response:
    """Sign out this browser (the form carries the CSRF token)."""
    service.end_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=HTTPStatus.SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@api_router.post("/auth/login", response_model=SessionInfo, summary="Sign in and get a session cookie")
def api_login(request: Request, session: SessionDep, form: LoginForm) -> Response:
    """Sets the session cookie; the returned CSRF token must accompany state-changing requests."""
    check_sign_in(request, email=form.email)
    user = service.authenticate(session, email=form.email, password=form.password, client=_client(request))
    if user is None:
        # Returned, not raised, so the failed attempt is committed and counts towards the rate limit.
        return _unauthorised(request)
    new = service.start_session(session, user=user)
    body = SessionInfo(user=UserView.model_validate(user), csrf_token=new.csrf_token)
    response = JSONResponse(body.model_dump(mode="json"))
    _set_session_cookie(request, response, new)
    return response


def _unauthorised(request: Request) -> Response:
    error = Unauthorized(BAD_CREDENTIALS, hint="Check both and try again; repeated failures are locked out.")
    return render_problem(request, error.status, error.title, error.message, hint=error.hint)


@api_router.post("/auth/logout", status_code=HTTPStatus.NO_CONTENT, summary="Sign out this session")
def api_logout(request: Request, session: SessionDep, _principal: CurrentPrincipal) -> Response:
    """Ends the cookie session (send the X-CSRF-Token header)."""
    service.end_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = Response(status_code=HTTPStatus.NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@api_router.get("/auth/me", summary="Who am I")
def me(principal: CurrentPrincipal) -> SessionInfo:
    """The signed-in user and, for a browser session, its CSRF token."""
    return SessionInfo(user=UserView.model_validate(principal.user), csrf_token=principal.csrf_token)


@api_router.get("/auth/tokens", summary="My API tokens")
def list_tokens(session: SessionDep, user: StaffUser) -> list[TokenView]:
    """The caller's tokens, without their secrets."""
    return [TokenView.model_validate(row) for row in service.list_tokens(session, user=user)]


@api_router.post("/auth/tokens", status_code=HTTPStatus.CREATED, summary="Create an API token")
def create_token(session: SessionDep, user: StaffUser, data: TokenCreate) -> TokenCreated:
    """A new token for the caller; its secret is in this response only."""
    row, secret = service.create_token(session, user=user, name=data.name)
    return TokenCreated(**TokenView.model_validate(row).model_dump(), token=secret)


@api_router.delete("/auth/tokens/{token_id}", summary="Revoke an API token")
def revoke_token(session: SessionDep, user: StaffUser, token_id: int) -> TokenView:
    """Revokes one of the caller's tokens at once."""
    return TokenView.model_validate(service.revoke_token(session, user=user, token_id=token_id))


@api_router.get("/users", summary="List staff users")
def list_users(session: SessionDep, _user: ManagerUser, role: Annotated[Role | None, Query()] = None) -> list[UserView]:
    """Staff, e.g. to choose interviewers (admins and hiring managers)."""
    return [UserView.model_validate(row) for row in service.list_users(session, role=role)]


@api_router.post("/users", status_code=HTTPStatus.CREATED, summary="Create a staff user")
def create_user(session: SessionDep, _admin: AdminUser, data: UserCreate) -> UserView:
    """A new admin, hiring manager or interviewer (admins only)."""
    return UserView.model_validate(service.create_user(session, data=data))
