"""The FastAPI app factory. Domain routers are mounted here; nothing else lives here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from vetml import __version__
from vetml.accounts.views import api_router as accounts_api
from vetml.accounts.views import page_router as accounts_pages
from vetml.config import Settings, get_settings
from vetml.db import PoolLimits, create_db_engine, session_factory
from vetml.hiring.form_pages import router as hiring_forms
from vetml.hiring.pages import router as hiring_pages
from vetml.hiring.views import api_router as hiring_api
from vetml.interviews.assessment_pages import router as assessment_pages
from vetml.interviews.assessment_views import candidate_router as assessment_candidate_api
from vetml.interviews.assessment_views import staff_router as assessments_api
from vetml.interviews.console import router as interview_console
from vetml.interviews.debrief_pages import router as debrief_pages
from vetml.interviews.pair_pages import api_router as pair_api
from vetml.interviews.pair_pages import router as pair_pages
from vetml.interviews.pair_pages import sockets as pair_sockets
from vetml.interviews.pair_rooms import running as pair_rooms_running
from vetml.interviews.planner_pages import router as planner_pages
from vetml.interviews.report_pages import router as report_pages
from vetml.interviews.views import router as interviews_api
from vetml.interviews.written_pages import router as written_pages
from vetml.observability.logs import configure_logging
from vetml.observability.middleware import RequestContext
from vetml.observability.views import router as metrics_router
from vetml.practice.views import router as practice_pages
from vetml.questions.views import api_router as questions_api
from vetml.questions.views import page_router as questions_pages
from vetml.resume.pages import router as resume_pages
from vetml.resume.views import api_router as resume_api
from vetml.scheduling.pages import router as scheduling_pages
from vetml.scheduling.views import api_router as scheduling_api
from vetml.takehome.pages import router as takehome_pages
from vetml.takehome.views import api_router as takehome_api
from vetml.web import errors, health, judging, pages
from vetml.web.auth import remember_viewer
from vetml.web.ratelimit import RateLimiter

STATIC_DIR = Path(__file__).parent / "static"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with pair_rooms_running(app.state.sessions) as pair_server:
        app.state.pair_server = pair_server
        yield
    judging.stop(app)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings``; one engine per app, shared by every request."""
    settings = settings or get_settings()
    app = FastAPI(
        title="vetml",
        version=__version__,
        summary="Vet machine-learning engineers on production ML work.",
        docs_url="/docs",
        dependencies=[Depends(remember_viewer)],
        lifespan=_lifespan,
    )
    engine = create_db_engine(settings.database_url, echo=settings.sql_echo, pool=PoolLimits.of(settings))
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.rate_limiter = RateLimiter(settings)
    judging.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/ws/pair", pair_sockets)
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.include_router(pages.router)
    app.include_router(accounts_pages)
    app.include_router(questions_pages)
    app.include_router(practice_pages)
    app.include_router(interview_console)
    app.include_router(planner_pages)
    app.include_router(debrief_pages)
    app.include_router(report_pages)
    app.include_router(hiring_forms)
    app.include_router(resume_pages)
    app.include_router(takehome_pages)
    app.include_router(scheduling_pages)
    app.include_router(hiring_pages)
    app.include_router(assessment_pages)
    app.include_router(written_pages)
    app.include_router(pair_pages)
    app.include_router(questions_api, prefix="/api/v1")
    app.include_router(accounts_api, prefix="/api/v1")
    app.include_router(resume_api, prefix="/api/v1")
    app.include_router(takehome_api, prefix="/api/v1")
    app.include_router(scheduling_api, prefix="/api/v1")
    app.include_router(hiring_api, prefix="/api/v1")
    app.include_router(interviews_api, prefix="/api/v1")
    app.include_router(assessments_api, prefix="/api/v1")
    app.include_router(assessment_candidate_api, prefix="/api/v1")
    app.include_router(pair_api, prefix="/api/v1")
    app.add_middleware(RequestContext)
    errors.install(app)
    return app


def serve_app() -> FastAPI:
    """The app as `vetml serve` runs it: each uvicorn worker process configures its logs before building the app."""
    settings = get_settings()
    configure_logging(settings)
    return create_app(settings)
