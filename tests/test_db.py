"""Migrations, connection errors and the schema check, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from vetml.db import Base, create_db_engine, current_revision, head_revision, open_database, upgrade
from vetml.errors import ConfigurationError


def test_migrations_create_exactly_the_tables_the_models_declare(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert current_revision(engine) == head_revision()


def test_upgrading_twice_is_harmless(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "question_versions" in inspect(engine).get_table_names()


def test_a_database_without_the_schema_is_refused_with_what_to_run(database_url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        open_database(database_url)
    assert "has no vetml schema" in caught.value.message
    assert "vetml db upgrade" in caught.value.hint


def test_an_unreachable_database_names_the_setting_to_check() -> None:
    with pytest.raises(ConfigurationError) as caught:
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/vetml")
    assert "cannot connect to the database" in caught.value.message
    assert "VETML_DATABASE_URL" in caught.value.hint


def test_sqlite_creates_its_folder(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path)) / "nested" / "var"
    engine = create_db_engine(f"sqlite:///{folder / 'vetml.db'}")
    upgrade(engine)
    assert (folder / "vetml.db").is_file()
    engine.dispose()
