"""The append-only audit log: every change to the pipeline says who, when and why.

There is deliberately no function here that edits or deletes an event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.hiring.models import AuditEvent


def record(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    action: str,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event, e.g. ``entity="candidate", action="stage", data={"from": ..., "to": ...}``."""
    event = AuditEvent(entity=entity, entity_id=entity_id, action=action, reason=reason, data=data or {},
                       actor_id=actor.id if actor else None, at=datetime.now(UTC))  # fmt: skip
    session.add(event)
    session.flush()
    return event


def history(session: Session, *, entity: str, entity_id: int) -> list[AuditEvent]:
    """The events of one record, oldest first."""
    statement = select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    return list(session.scalars(statement.order_by(AuditEvent.at, AuditEvent.id)))
