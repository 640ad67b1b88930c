"""The error family every domain raises.

Each error carries what went wrong, how to fix it and its HTTP status, so one handler can render it
as an HTML page, RFC 9457 problem+json or a one-line CLI message without knowing the domain.
"""

from __future__ import annotations

from http import HTTPStatus


class VetmlError(Exception):
    """An expected failure a person can act on."""

    status: HTTPStatus = HTTPStatus.BAD_REQUEST
    title: str = "Request failed"

    def __init__(self, message: str, *, hint: str = "", details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or []

    @property
    def slug(self) -> str:
        """Short kebab-case name used as the problem type."""
        return self.title.lower().replace(" ", "-")

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class Unauthorized(VetmlError):
    """The request needs a signed-in user or a valid token, and has neither."""

    status = HTTPStatus.UNAUTHORIZED
    title = "Sign-in required"


class Forbidden(VetmlError):
    """The signed-in user may not do this."""

    status = HTTPStatus.FORBIDDEN
    title = "Forbidden"


class TooManyRequests(VetmlError):
    """Too many attempts in a short time (login rate limiting)."""

    status = HTTPStatus.TOO_MANY_REQUESTS
    title = "Too many requests"


class RateLimited(TooManyRequests):
    """Over a rate limit; ``retry_after`` says in how many seconds the same request will be let through."""

    def __init__(self, message: str, *, retry_after: int, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class NotFound(VetmlError):
    """The thing asked for does not exist."""

    status = HTTPStatus.NOT_FOUND
    title = "Not found"


class Conflict(VetmlError):
    """The request clashes with the current state."""

    status = HTTPStatus.CONFLICT
    title = "Conflict"


class Gone(VetmlError):
    """The thing existed but can no longer be used, e.g. an expired or withdrawn link."""

    status = HTTPStatus.GONE
    title = "Gone"


class PayloadTooLarge(VetmlError):
    """An upload is bigger than vetml accepts."""

    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    title = "Upload too large"


class InvalidInput(VetmlError):
    """The input is malformed or breaks a rule."""

    status = HTTPStatus.UNPROCESSABLE_ENTITY
    title = "Invalid input"


class ConfigurationError(VetmlError):
    """vetml is configured in a way that cannot work."""

    status = HTTPStatus.SERVICE_UNAVAILABLE
    title = "Configuration error"
