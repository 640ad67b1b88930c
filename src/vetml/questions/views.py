"""Routes of the question bank: browsing pages for people and a JSON API for programs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from vetml.errors import InvalidInput
from vetml.questions import service
from vetml.questions.schemas import BankStats, Level, Module, QuestionDetail, QuestionFilter, QuestionSummary
from vetml.web.auth import current_user
from vetml.web.deps import HtmxDep, SessionDep, templates

# Rubrics and reference answers are for the hiring team only: every route needs a signed-in user.
page_router = APIRouter(include_in_schema=False, dependencies=[Depends(current_user)])
api_router = APIRouter(prefix="/questions", tags=["question bank"], dependencies=[Depends(current_user)])
ChoiceT = TypeVar("ChoiceT", bound=StrEnum)


def question_filter(
    q: Annotated[str, Query(max_length=200, description="Words that must all appear.")] = "",
    category: Annotated[str | None, Query(description="Category id.")] = None,
    module: Annotated[str | None, Query(description="Interview module, e.g. ml-design.")] = None,
    level: Annotated[str | None, Query(description="junior, mid, senior or staff.")] = None,
    tag: Annotated[str | None, Query(description="Skill tag.")] = None,
) -> QuestionFilter:
    """Filters from the query string; empty form fields (a select left at 'any') mean no filter."""
    return QuestionFilter(
        query=q.strip(),
        category=category or None,
        module=_choice(Module, module, "module"),
        level=_choice(Level, level, "level"),
        tag=tag or None,
    )


def _choice(enum: type[ChoiceT], value: str | None, name: str) -> ChoiceT | None:
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidInput(f"{value!r} is not a known {name}", hint=f"Use one of: {allowed}.") from None


FilterDep = Annotated[QuestionFilter, Depends(question_filter)]


@page_router.get("/bank", response_class=HTMLResponse)
def bank_page(request: Request, session: SessionDep, filters: FilterDep, htmx: HtmxDep) -> HTMLResponse:
    """The searchable, filterable bank; HTMX asks for just the results while the user types."""
    results = service.list_questions(session, filters=filters)
    context = {"results": results, "filters": filters}
    if htmx:
        return templates.TemplateResponse(request, "bank/_results.html", context)
    context |= {
        "categories": service.categories(session),
        "tags": service.all_tags(session),
        "levels": list(Level),
        "modules": list(Module),
    }
    return templates.TemplateResponse(request, "bank/list.html", context)


@page_router.get("/bank/{question_id}", response_class=HTMLResponse)
def question_page(
    request: Request,
    session: SessionDep,
    question_id: str,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    """One question with everything an interviewer needs, at any of its versions."""
    detail = service.get(session, question_id, version=version)
    return templates.TemplateResponse(request, "bank/question.html", {"question": detail})


@api_router.get("", summary="List or search questions")
def list_questions(session: SessionDep, filters: FilterDep) -> list[QuestionSummary]:
    """Questions matching every filter; `q` is a full-text query."""
    return service.list_questions(session, filters=filters)


@api_router.get("/stats", summary="Counts of the bank")
def bank_stats(session: SessionDep) -> BankStats:
    """Questions per category (with its minimum), level and module."""
    return service.stats(session)


@api_router.get("/{question_id}", summary="One question")
def get_question(
    session: SessionDep, question_id: str, version: Annotated[int | None, Query(ge=1)] = None
) -> QuestionDetail:
    """A question at its current version, or at `version`."""
    return service.get(session, question_id, version=version)
