"""One way to page through lists in the API: ``limit`` and ``offset`` in, ``items`` and ``total`` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

ItemT = TypeVar("ItemT")
MAX_LIMIT = 200


@dataclass(frozen=True)
class PageParams:
    """Which slice of a list the caller wants."""

    limit: int
    offset: int


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")] = 0,
) -> PageParams:
    """Paging from the query string."""
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


class Page(BaseModel, Generic[ItemT]):
    """A slice of a list and the size of the whole list, so clients know when to stop."""

    items: list[ItemT]
    total: int
    limit: int
    offset: int


def paginate(session: Session, statement: Select[Any], params: PageParams) -> tuple[list[Any], int]:
    """The rows of ``statement`` in the requested slice, and how many rows there are in all."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    rows = list(session.scalars(statement.limit(params.limit).offset(params.offset)).unique())
    return rows, total
