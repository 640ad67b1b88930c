"""Migrations, connection errors and the schema check, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, QueuePool, inspect, text
from sqlalchemy.exc import TimeoutError as PoolTimeout

from vetml.config import Settings, get_settings
from vetml.db import Base, PoolLimits, create_db_engine, current_revision, head_revision, open_database, upgrade
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


def test_the_pool_limits_come_from_the_settings() -> None:
    settings = Settings(db_pool_size=4, db_max_overflow=2, db_pool_timeout=1.5)
    assert PoolLimits.of(settings) == PoolLimits(size=4, max_overflow=2, timeout=1.5)
    assert PoolLimits.of(Settings()) == PoolLimits()  # the defaults of both agree


def test_a_bad_pool_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VETML_DB_POOL_SIZE", "0")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match="VETML_DB_POOL_SIZE"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_the_engine_keeps_the_pool_limits_it_is_given(database_url: str) -> None:
    engine = create_db_engine(database_url, pool=PoolLimits(size=3, max_overflow=1, timeout=0.5))
    try:
        with engine.connect() as connection:  # SQLite ignores the limits but works all the same
            assert connection.scalar(text("SELECT 1")) == 1
        if engine.dialect.name == "postgresql":
            pool = engine.pool
            assert isinstance(pool, QueuePool)
            assert (pool.size(), pool._max_overflow, pool._timeout) == (3, 1, 0.5)
    finally:
        engine.dispose()


def test_a_process_waits_no_longer_than_the_pool_timeout_for_a_connection(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no connection limit to exhaust")
    engine = create_db_engine(database_url, pool=PoolLimits(size=1, max_overflow=0, timeout=0.2))
    try:
        with engine.connect(), pytest.raises(PoolTimeout), engine.connect():
            pass
    finally:
        engine.dispose()
