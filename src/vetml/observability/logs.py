"""Log lines as text or JSON, carrying the ids of the request, submission or answer being handled.

The ids live in context variables: a request's id is bound by the HTTP middleware and follows the
request into the thread pool that runs sync routes (Starlette copies the context), and a worker task
binds the id of the submission or answer it works on. A filter copies whichever ids are bound onto
each record, so a line logged deep inside the judge still says which request or submission it is about.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

if TYPE_CHECKING:
    from vetml.config import Settings

LogFormat = Literal["text", "json"]
ID_NAMES = ("request_id", "submission_id", "answer_id")
_IDS: dict[str, ContextVar[str | None]] = {name: ContextVar(f"vetml_{name}", default=None) for name in ID_NAMES}
HANDLER_NAME = "vetml"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
JSON_NAMES = {"asctime": "timestamp", "levelname": "level", "name": "logger"}
NOT_LOGGED = ("color_message",)  # uvicorn's copy of the message with terminal colour codes


@contextmanager
def bound_ids(**ids: str | int | None) -> Iterator[None]:
    """Tag every line logged inside the block with these ids (request_id, submission_id, answer_id)."""
    unknown = sorted(set(ids) - set(ID_NAMES))
    if unknown:
        raise ValueError(f"unknown log ids {unknown}; use some of {list(ID_NAMES)}")
    tokens = [(_IDS[name], _IDS[name].set(None if value is None else str(value))) for name, value in ids.items()]
    try:
        yield
    finally:
        for variable, token in reversed(tokens):
            variable.reset(token)


def current_ids() -> dict[str, str]:
    """The ids bound where this is called."""
    values = {name: variable.get() for name, variable in _IDS.items()}
    return {name: value for name, value in values.items() if value is not None}


class BoundIds(logging.Filter):
    """Copy the bound ids onto each record, where both formatters find them."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in current_ids().items():
            setattr(record, name, value)
        return True


class TextFormatter(logging.Formatter):
    """The classic line, followed by ``name=value`` for each bound id."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(f"{name}={getattr(record, name)}" for name in ID_NAMES if hasattr(record, name))
        if not ids:
            return line
        first, newline, rest = line.partition("\n")  # after the message, before any traceback
        return f"{first} [{ids}]{newline}{rest}"


_ROUTE: ContextVar[str | None] = ContextVar("vetml_route", default=None)
ACCESS_LOGGER = "uvicorn.access"
ACCESS_PATH_ARG = 2  # uvicorn's access line: client, method, path with query, HTTP version, status


def bind_route(template: str) -> None:
    """Record the matched route's template for the access line of the request being answered."""
    _ROUTE.set(template)


class AccessPathAsTemplate(logging.Filter):
    """uvicorn's access line prints the raw path, and a candidate's link carries its signed token in the path:
    print the route template instead (``/assess/{token}/submit``), as the metrics do."""

    def filter(self, record: logging.LogRecord) -> bool:
        template = _ROUTE.get()
        if template is not None and isinstance(record.args, tuple) and len(record.args) > ACCESS_PATH_ARG:
            args = list(record.args)
            args[ACCESS_PATH_ARG] = template
            record.args = tuple(args)
        return True


def make_formatter(log_format: LogFormat) -> logging.Formatter:
    """The formatter for ``log_format``; JSON lines carry timestamp, level, logger, message and the ids."""
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields=JSON_NAMES, datefmt="%Y-%m-%dT%H:%M:%S%z",
                             reserved_attrs=[*RESERVED_ATTRS, *NOT_LOGGED])  # fmt: skip
    return TextFormatter(TEXT_FORMAT)


def configure_logging(settings: Settings) -> None:
    """Send every logger's lines (ours, uvicorn's, Celery's) to stderr in the configured format and level.

    Calling it again replaces vetml's handler rather than adding a second one; handlers others
    installed on the root logger are left alone.
    """
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if handler.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(make_formatter(settings.log_format))
    handler.addFilter(BoundIds())
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for name in ("uvicorn", "uvicorn.error", ACCESS_LOGGER, "celery"):
        logging.getLogger(name).handlers.clear()  # uvicorn's and Celery's own handlers would print twice
        if name != ACCESS_LOGGER:  # `vetml serve --no-access-log` turns access lines off by stopping their propagation
            logging.getLogger(name).propagate = True
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(existing, AccessPathAsTemplate) for existing in access.filters):
        access.addFilter(AccessPathAsTemplate())
