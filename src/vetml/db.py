"""Engine, sessions and the declarative base, portable between SQLite and PostgreSQL.

Only portable column types are used so the embedded default and the production database run the
same migrations. The schema is only ever created by Alembic (``vetml db upgrade``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from vetml.errors import ConfigurationError

if TYPE_CHECKING:
    from vetml.config import Settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; constraint names are deterministic so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@dataclass(frozen=True)
class PoolLimits:
    """How many PostgreSQL connections one process keeps and may borrow, and how long a request waits for one.

    The web app runs each request on a thread of a pool of 40, so with fewer connections than threads a
    burst makes requests queue for a connection; a short wait ending in a 503 (retry shortly) is better
    than holding the candidate for SQLAlchemy's default 30 s and then failing anyway.
    """

    size: int = 10
    max_overflow: int = 20
    timeout: float = 5.0

    @classmethod
    def of(cls, settings: Settings) -> PoolLimits:
        """The limits VETML_DB_POOL_SIZE, VETML_DB_MAX_OVERFLOW and VETML_DB_POOL_TIMEOUT ask for."""
        return cls(size=settings.db_pool_size, max_overflow=settings.db_max_overflow, timeout=settings.db_pool_timeout)


def create_db_engine(url: str, *, echo: bool = False, pool: PoolLimits | None = None) -> Engine:
    """An engine for ``url``; SQLite gets its folder created and foreign keys switched on, and ignores ``pool``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_folder(parsed.database)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    limits = pool or PoolLimits()
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=limits.size,
                         max_overflow=limits.max_overflow, pool_timeout=limits.timeout)  # fmt: skip


def _ensure_sqlite_folder(database: str | None) -> None:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def _enable_sqlite_foreign_keys(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def check_connection(engine: Engine) -> None:
    """Fail with an actionable message when the database cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise ConfigurationError(
            f"cannot connect to the database {where}: {reason}",
            hint="Check VETML_DATABASE_URL (host, port, user, database name) and that the server is running.",
        ) from error


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (pages render after the commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """The single place that commits: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> AlembicConfig:
    """Alembic configuration pointing at the migrations shipped inside the package."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one transaction (PostgreSQL rolls back DDL on failure)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision shipped with this version of vetml."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def open_database(url: str, *, echo: bool = False, pool: PoolLimits | None = None) -> sessionmaker[Session]:
    """Sessions on a reachable database whose schema is current, or a clear error saying what to run."""
    engine = create_db_engine(url, echo=echo, pool=pool)
    try:
        check_connection(engine)
        _check_schema_is_current(engine)
    except ConfigurationError:
        engine.dispose()
        raise
    return session_factory(engine)


def _check_schema_is_current(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    if current != head:
        state = "has no vetml schema" if current is None else f"is at schema revision {current}, not {head}"
        raise ConfigurationError(
            f"the database {engine.url.render_as_string(hide_password=True)} {state}",
            hint="Run `vetml db upgrade` (then `vetml bank load`), or simply `make run`.",
        )
