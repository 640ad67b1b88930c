"""The request context: an id for every request, bound for the logs and returned to the caller, and its timing.

A plain ASGI middleware rather than Starlette's BaseHTTPMiddleware: that one runs the rest of the
app in a task group of its own and copies every response body through a memory stream; here each
message passes straight through, and the header is added to the response's first message.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.routing import Mount, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vetml.observability import metrics
from vetml.observability.logs import bind_route, bound_ids

REQUEST_ID_HEADER = "X-Request-ID"
SCOPE_KEY = "vetml.request_id"  # where error handlers outside this middleware find the id
# An id from a proxy or a client is kept only when it is short and plain, so it cannot forge log lines.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED_ROUTE = "unmatched"  # one label for every path no route matched, so scanners cannot add label values


def accepted_request_id(headers: Headers) -> str:
    """The caller's X-Request-ID when it is safe to log, else a new one."""
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def request_id_of(scope: Scope) -> str | None:
    """The id the middleware gave this request, if it ran."""
    value = scope.get(SCOPE_KEY)
    return value if isinstance(value, str) else None


@dataclass
class RouteIndex:
    """The app's full path templates, prefixes included, by the id of the route object a request matches.

    FastAPI keeps an included router's routes as they were declared (``/assess/{token}``) and adds the
    prefix (``/api/v1``) while matching, so the full templates are read once from the app's route contexts.
    Mounts (static files, sockets) are kept apart: FastAPI does not record them as the matched route.
    """

    by_route: dict[int, list[str]] = field(default_factory=dict)
    mounts: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, app: Any) -> RouteIndex:
        index = cls()
        for route in getattr(app, "routes", []):
            if isinstance(route, Mount):
                index.mounts.append(route.path)
            contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
            for context in contexts:
                original = getattr(context, "original_route", context)
                index.by_route.setdefault(id(original), []).append(str(getattr(context, "path", "")))
        return index

    def template(self, scope: Scope) -> str:
        """The template of the route that matched (``/api/v1/assess/{token}``), never the path: it may hold secrets."""
        route: Any = scope.get("route")
        path = scope["path"]
        candidates = self.by_route.get(id(route), []) if route is not None else []
        for template in candidates:
            if len(candidates) == 1 or compile_path(template)[0].match(path):
                return template
        mount = next((mount for mount in self.mounts if path.startswith(mount + "/")), None)
        return f"{mount}/{{path}}" if mount else UNMATCHED_ROUTE


class RequestContext:
    """Give each HTTP request an id (bound for logs, sent back in X-Request-ID) and time it for the metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._routes: RouteIndex | None = None  # built at the first request, once every router is included

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(Headers(scope=scope))
        scope[SCOPE_KEY] = request_id
        status = 500  # what the caller gets when the app fails before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
                bind_route(self._template(scope))  # the server logs its access line while sending this message
            await send(message)

        try:
            with bound_ids(request_id=request_id):
                await self.app(scope, receive, send_with_id)
        finally:
            metrics.observe_request(scope["method"], self._template(scope), status, time.perf_counter() - started)

    def _template(self, scope: Scope) -> str:
        if self._routes is None:
            self._routes = RouteIndex.of(scope.get("app"))
        return self._routes.template(scope)
