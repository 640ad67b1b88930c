"""One error handler for the whole app: an HTML page for people, RFC 9457 problem+json for programs."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from vetml.errors import Conflict, RateLimited, Unauthorized, VetmlError
from vetml.observability.logs import bound_ids
from vetml.observability.middleware import REQUEST_ID_HEADER, request_id_of
from vetml.web.deps import is_htmx, templates

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 2
# Pages outside the staff area render failures in their own layout, without the staff navigation.
ERROR_PAGES = {"/assess/": "assess/error.html", "/pair/": "pair/error.html", "/schedule/": "assess/error.html"}


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(VetmlError, _domain_error)
    app.add_exception_handler(StaleDataError, _stale_edit)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OverflowError, _number_too_large)
    app.add_exception_handler(DataError, _number_too_large)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)
    app.add_exception_handler(PoolTimeout, _database_busy)
    app.add_exception_handler(Exception, _unexpected_error)


def wants_html(request: Request) -> bool:
    """Browsers get pages; the API and clients that do not ask for HTML get problem+json."""
    if request.url.path.startswith("/api/"):
        return False
    return "text/html" in request.headers.get("accept", "")


def render_problem(
    request: Request, status: int, title: str, detail: str, *, hint: str = "", errors: list[str] | None = None
) -> Response:
    """The same failure as a friendly page or as a problem document, by who is asking."""
    if wants_html(request):
        context = {"status": status, "title": title, "detail": detail, "hint": hint, "errors": errors or []}
        return templates.TemplateResponse(request, _error_page(request), context, status_code=status)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if hint:
        body["hint"] = hint
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _error_page(request: Request) -> str:
    path = request.url.path
    return next((page for prefix, page in ERROR_PAGES.items() if path.startswith(prefix)), "error.html")


async def _domain_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, VetmlError)
    if isinstance(error, RateLimited):
        return _rate_limited(request, error)
    if isinstance(error, Unauthorized) and request.method == "GET" and wants_html(request):
        return RedirectResponse(f"/login?{urlencode({'next': request.url.path})}", status_code=HTTPStatus.SEE_OTHER)
    return render_problem(request, error.status, error.title, error.message, hint=error.hint, errors=error.details)


def _rate_limited(request: Request, error: RateLimited) -> Response:
    """429 with Retry-After. HTMX drops error replies, so it gets a notice with headers that place it in #notices."""
    response: Response
    if is_htmx(request):
        context = {"title": error.title, "detail": error.message, "hint": error.hint}
        headers = {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"}
        response = templates.TemplateResponse(request, "_rate_limited.html", context, error.status, headers)
    else:
        response = render_problem(request, error.status, error.title, error.message, hint=error.hint)
    response.headers["Retry-After"] = str(error.retry_after)
    return response


async def _stale_edit(request: Request, error: Exception) -> Response:
    """Two people saved the same record at once: the second save is refused, the first kept."""
    stale = Conflict("someone else changed this record while you were editing it",
                     hint="Reload it, reapply your change and save again.")  # fmt: skip
    return await _domain_error(request, stale)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    status = HTTPStatus(error.status_code)
    detail = str(error.detail) if error.detail != status.phrase else _default_detail(status)
    return render_problem(request, status, status.phrase, detail)


def _default_detail(status: HTTPStatus) -> str:
    if status is HTTPStatus.NOT_FOUND:
        return "There is no page at this address. Check the link, or start again from the question bank."
    return status.description


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors()]
    return render_problem(
        request,
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "Invalid input",
        "Some of the values sent are not valid.",
        hint="Correct the values listed and try again.",
        errors=errors,
    )


async def _number_too_large(request: Request, error: Exception) -> Response:
    """An id beyond what the id columns hold (e.g. /candidates/9223372036854775808): SQLite's driver refuses
    to send it (OverflowError) and PostgreSQL refuses the value (DataError) before any row is read.

    No row can have such an id, so this is the caller's input, not a fault of ours; it is logged all the same,
    since a DataError could also come from a value we failed to check.
    """
    log.warning("refused a value the database cannot hold on %s %s: %s", request.method, request.url.path, error)
    return render_problem(request, HTTPStatus.UNPROCESSABLE_ENTITY, "Invalid input",
                          "A number sent is too large to be an id.",
                          hint="Check the ids in the address or the body.")  # fmt: skip


async def _database_unavailable(request: Request, error: Exception) -> Response:
    """The database did not answer (restarting, failing over, a network cut): nothing was saved by this request,
    and the same request sent again in a moment will work, so say so (503 + Retry-After) rather than 500."""
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, error)
    return _retry_later(request, "Database unavailable", "The database did not answer, so this was not saved.")


async def _database_busy(request: Request, error: Exception) -> Response:
    """Every pooled connection stayed in use for VETML_DB_POOL_TIMEOUT: the server is overloaded, not broken.

    Nothing was read or written by this request, so the same request sent again shortly works; a 503 with
    Retry-After tells clients (and the autosave script) to do exactly that instead of showing a 500.
    """
    log.warning("no free database connection on %s %s: %s", request.method, request.url.path, error)
    return _retry_later(request, "Server busy", "Every database connection is in use, so this was not saved.")


def _retry_later(request: Request, title: str, detail: str) -> Response:
    response = render_problem(request, HTTPStatus.SERVICE_UNAVAILABLE, title, detail,
                              hint=f"Send it again in {RETRY_AFTER_S} s; what was saved before is kept.")  # fmt: skip
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


async def _unexpected_error(request: Request, error: Exception) -> Response:
    """Starlette calls this outside every middleware, so the request id is bound again here for the log line,
    and set on the page by hand: it is what ties the person's report to the traceback in the logs."""
    request_id = request_id_of(request.scope)
    with bound_ids(request_id=request_id):
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    response = render_problem(
        request,
        HTTPStatus.INTERNAL_SERVER_ERROR,
        "Internal error",
        "Something went wrong on our side. Nothing you entered was lost; please try again.",
        hint=f"If it keeps happening, quote request id {request_id} when you report it." if request_id else "",
    )
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
    return response
