"""Dependency aliases so routes read like sentences: ``session: SessionDep``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from vetml import __version__
from vetml.config import Settings
from vetml.db import transaction
from vetml.web.markdown import render_markdown

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["vetml_version"] = __version__
templates.env.filters["markdown"] = render_markdown


def get_session(request: Request) -> Iterator[Session]:
    """A session per request, committed once when the route returns and rolled back on error."""
    with transaction(request.app.state.sessions) as session:
        yield session


def get_app_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


async def posted_form(request: Request) -> FormData:
    """The posted form (already read, and cached, by the CSRF check for browser sessions)."""
    return await request.form()


def is_htmx(request: Request) -> bool:
    """True for requests sent by HTMX, which want a fragment rather than a whole page."""
    return request.headers.get("HX-Request") == "true"


# scope="function": the transaction commits when the route returns and before the response is sent, so a
# failed commit becomes an error response instead of a success reply for data that was never saved.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
HtmxDep = Annotated[bool, Depends(is_htmx)]
FormDep = Annotated[FormData, Depends(posted_form)]
