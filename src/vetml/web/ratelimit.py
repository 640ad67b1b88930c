"""Rate limits on what a single caller can repeat: a candidate link's saves, hand-ins and example runs,
sign-in per e-mail and per client address, and a staff user's writes through the API.

One ``RateLimiter`` per app (``app.state.rate_limiter``) counts requests in a moving window with the
``limits`` library, in memory for one web process or in Redis to share the counts between processes.
Keys never hold a link or an e-mail as sent: both are hashed, so reading Redis reveals neither.

The counters protect the service, they do not guard data, so a storage that does not answer lets
requests through (fails open) and says so in the log now and then, rather than turning a Redis outage
into an outage of assessments.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from vetml.config import RATE_LIMIT_OFF, Settings
from vetml.errors import RateLimited

log = logging.getLogger(__name__)
WARN_EVERY_S = 60.0  # one warning a minute while the storage is down, not one per request
PAUSE_AFTER_FAILURE_S = 5.0  # requests skip a storage that just failed, so each one does not wait for it
REDIS_TIMEOUT_S = 0.5  # a Redis that hangs delays a request this long at most


@dataclass(frozen=True)
class Limit:
    """A named limit: the setting it is read from and the words its refusal uses."""

    setting: str
    counted: str  # what is counted, for the message: "hand-ins from this link"
    hint: str


LIMITS: dict[str, Limit] = {
    "autosave": Limit("rate_limit_autosave", "answer saves from this link",
                      "Your text is kept in this browser and saved again once the wait is over."),
    "submissions": Limit("rate_limit_submissions", "hand-ins or bookings from this link",
                         "Your saved answers are kept; send it again once the wait is over."),
    "example_runs": Limit("rate_limit_example_runs", "example runs from this link",
                          "Run the examples again once the wait is over; your code is not lost."),
    "sign_in_email": Limit("rate_limit_sign_in_email", "sign-in attempts for this e-mail",
                           "Wait, then sign in again; an admin can reset a forgotten password."),
    "sign_in_address": Limit("rate_limit_sign_in_address", "sign-in attempts from your address",
                             "Wait, then sign in again."),
    "staff_writes": Limit("rate_limit_staff_writes", "changes through the API by your account",
                          "Slow the script down: send the request again after the wait given in Retry-After."),
}  # fmt: skip


def parse_limit(text: str) -> list[RateLimitItem]:
    """``10/minute`` or ``10/minute;100/hour`` as items; ``off`` (or nothing) turns the limit off."""
    if text.strip().lower() in RATE_LIMIT_OFF:
        return []
    return parse_many(text)


def digest(secret: str) -> str:
    """What a link or an e-mail is counted under: its SHA-256, so storage keys never reveal it."""
    return hashlib.sha256(secret.encode()).hexdigest()


class RateLimiter:
    """Counts requests per limit and key; over a limit raises ``RateLimited`` with the wait in seconds."""

    def __init__(self, settings: Settings) -> None:
        url = settings.rate_limit_store()
        options = {} if url.startswith("memory") else {"socket_timeout": REDIS_TIMEOUT_S,
                                                       "socket_connect_timeout": REDIS_TIMEOUT_S}  # fmt: skip
        self.storage = storage_from_string(url, **options)
        self.strategy = MovingWindowRateLimiter(self.storage)
        self.prefix = settings.rate_limit_key_prefix
        self.items = {name: parse_limit(getattr(settings, limit.setting)) for name, limit in LIMITS.items()}
        self._lock = threading.Lock()
        self._skip_until = 0.0
        self._warned_at = -math.inf

    def hit(self, name: str, key: str) -> None:
        """Count one request of ``key`` against limit ``name``; refuse it when any of its windows is full."""
        for item in self.items[name]:
            if not self._allowed(item, name, key):
                raise self._refusal(name, item, self._wait(item, name, key))

    def _allowed(self, item: RateLimitItem, name: str, key: str) -> bool:
        if time.monotonic() < self._skip_until:
            return True
        try:
            return self.strategy.hit(item, self.prefix, name, key)
        except Exception as error:  # any storage failure: fail open, never a 500 over a counter
            self._storage_failed(error)
            return True

    def _wait(self, item: RateLimitItem, name: str, key: str) -> int:
        """Whole seconds until the window has room again (at least 1, since Retry-After counts seconds)."""
        try:
            reset_at = self.strategy.get_window_stats(item, self.prefix, name, key).reset_time
        except Exception as error:  # the refusal stands; only the wait is a guess
            self._storage_failed(error)
            return item.get_expiry()
        return max(1, math.ceil(reset_at - time.time()))

    def _storage_failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._skip_until = now + PAUSE_AFTER_FAILURE_S
            if now - self._warned_at < WARN_EVERY_S:
                return
            self._warned_at = now
        log.warning("rate-limit storage unavailable, letting requests through uncounted: %s: %s",
                    type(error).__name__, error)  # fmt: skip

    @staticmethod
    def _refusal(name: str, item: RateLimitItem, wait: int) -> RateLimited:
        limit = LIMITS[name]
        return RateLimited(f"too many {limit.counted} (the limit is {item})",
                           hint=f"Wait {wait} s. {limit.hint}", retry_after=wait)  # fmt: skip


def limiter(request: Request) -> RateLimiter:
    """The app's rate limiter."""
    rate_limiter: RateLimiter = request.app.state.rate_limiter
    return rate_limiter


def link_token(request: Request) -> str:
    """The candidate link's signed token, from the route's path."""
    return str(request.path_params.get("token") or request.path_params.get("schedule_token") or "")


def per_link(limit: str, key_fn: Callable[[Request], str] = link_token) -> Callable[[Request], None]:
    """A dependency counting a candidate-link route against ``limit`` per link (hashed)."""
    if limit not in LIMITS:
        raise ValueError(f"unknown rate limit {limit!r}; known: {', '.join(LIMITS)}")

    def check(request: Request) -> None:
        limiter(request).hit(limit, digest(key_fn(request)))

    return check


def check_sign_in(request: Request, *, email: str) -> None:
    """Count a sign-in attempt per client address, then per e-mail (case and spaces ignored)."""
    rate_limiter = limiter(request)
    rate_limiter.hit("sign_in_address", request.client.host if request.client else "unknown")
    rate_limiter.hit("sign_in_email", digest(email.strip().lower()))


def check_staff_write(request: Request, *, user_id: int) -> None:
    """Count a staff user's write (POST, PUT, PATCH, DELETE) under /api/v1; reads are never counted."""
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.url.path.startswith("/api/v1/"):
        limiter(request).hit("staff_writes", f"user-{user_id}")
