"""Alembic environment: runs on a connection handed over by vetml, or on VETML_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from vetml.accounts import models as account_models
from vetml.config import get_settings
from vetml.db import Base, create_db_engine
from vetml.hiring import models as hiring_models
from vetml.interviews import models as interview_models
from vetml.judge import models as judge_models
from vetml.practice import models as practice_models
from vetml.questions import models as question_models
from vetml.resume import models as resume_models
from vetml.scheduling import models as scheduling_models
from vetml.takehome import models as takehome_models

# Importing each domain's models registers its tables on Base.metadata for autogenerate.
_MODEL_MODULES = (question_models, judge_models, practice_models, account_models, hiring_models, interview_models,
                  resume_models, takehome_models, scheduling_models)  # fmt: skip
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    # Batch mode lets ALTER TABLE work on SQLite by copying the table.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Use the caller's connection when given (tests, `vetml db upgrade`), else the configured URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_db_engine(get_settings().database_url)
    with engine.begin() as new_connection:
        _run(new_connection)


run_migrations_online()
