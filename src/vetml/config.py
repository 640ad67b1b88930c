"""The one Settings object. Every setting is read from a ``VETML_`` environment variable.

The README's settings table is checked against this class by a test, so a new setting without
documentation fails CI.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from vetml.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SUPPORTED_DATABASES = ("sqlite", "postgresql")


def _default_bank_dir() -> Path:
    """The bank shipped in the repository, found from the source tree, else from the working folder."""
    in_repository = PROJECT_ROOT / "bank"
    return in_repository if in_repository.is_dir() else Path("bank").resolve()


class Settings(BaseSettings):
    """vetml's configuration; see the README for the table of settings."""

    model_config = SettingsConfigDict(env_prefix="VETML_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./var/vetml.db",
        description="SQLAlchemy URL of the database: sqlite:///path or postgresql+psycopg://user@host:port/db.",
    )
    bank_dir: Path = Field(
        default_factory=_default_bank_dir,
        description="Folder holding the question bank (categories.yaml, signals.yaml, questions/).",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web app listens on.")
    sql_echo: bool = Field(default=False, description="Log every SQL statement (for debugging).")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as error:
            raise ValueError(
                f"{value!r} is not a database URL; use e.g. sqlite:///./var/vetml.db "
                "or postgresql+psycopg://user@127.0.0.1:5432/vetml"
            ) from error
        if url.get_backend_name() not in SUPPORTED_DATABASES:
            raise ValueError(f"database {url.get_backend_name()!r} is not supported; use sqlite or postgresql+psycopg")
        if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
            rest = value.split("://", 1)[-1]
            raise ValueError(f"only the psycopg driver is installed; use postgresql+psycopg://{rest}")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process from the environment; a bad value is a ConfigurationError."""
    try:
        return Settings()
    except ValidationError as error:
        lines = [f"VETML_{'_'.join(map(str, item['loc'])).upper()}: {item['msg']}" for item in error.errors()]
        raise ConfigurationError(
            "vetml's settings are invalid: " + "; ".join(lines),
            hint="Fix or unset the environment variable named; the README lists every setting.",
        ) from error
