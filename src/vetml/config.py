"""The one Settings object. Every setting is read from a ``VETML_`` environment variable.

The README's settings table is checked against this class by a test, so a new setting without
documentation fails CI.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from limits import parse_many
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from vetml.errors import ConfigurationError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SUPPORTED_DATABASES = ("sqlite", "postgresql")
LLM_GRADER = "openai-compatible"
MIN_SECRET = 32
RATE_LIMIT_OFF = ("", "off")
RATE_LIMIT_SCHEMES = ("memory", "redis", "rediss", "redis+unix")


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
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs candidate links (at least 32 characters). Unset: a random key is made once "
        "and kept in var/secret-key, so links survive restarts.",
    )
    sql_echo: bool = Field(default=False, description="Log every SQL statement (for debugging).")
    extra_graders: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Comma-separated graders that add a second opinion next to the grade (e.g. openai-compatible); "
        "the offline rubric grade is always the grade.",
    )
    extra_grader_timeout: float = Field(
        default=60.0, gt=0, le=600, description="Seconds grading waits for each extra grader's opinion."
    )
    llm_grader_url: str | None = Field(
        default=None,
        description="Base URL of the OpenAI-compatible API the openai-compatible grader calls, e.g. "
        "http://127.0.0.1:8080/v1 (/chat/completions is added).",
    )
    llm_grader_key: SecretStr | None = Field(
        default=None, description="API key sent as a bearer token to VETML_LLM_GRADER_URL; never logged or shown."
    )
    llm_grader_model: str | None = Field(default=None, description="Model name the openai-compatible grader asks for.")
    llm_grader_timeout: float = Field(
        default=30.0, gt=0, le=600, description="Seconds the openai-compatible grader waits for the API's reply."
    )

    smtp_host: str | None = Field(
        default=None, description="SMTP server that sends interview invites; unset: invites are not emailed."
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_username: str | None = Field(default=None, description="User name to log in to the SMTP server, if it asks.")
    smtp_password: SecretStr | None = Field(
        default=None, description="Password for VETML_SMTP_USERNAME; never logged or shown."
    )
    smtp_starttls: bool = Field(
        default=True, description="Upgrade the SMTP connection with STARTTLS before logging in and sending."
    )
    smtp_timeout: float = Field(
        default=10.0, gt=0, le=300, description="Seconds to wait for the SMTP server to connect and answer."
    )
    mail_from: str = Field(
        default="vetml <no-reply@localhost>", description="From address of the emails vetml sends (invites)."
    )

    # Scale-out: Celery workers on Redis (unset: everything runs inside the web process).
    broker_url: str | None = Field(
        default=None,
        description="Redis URL of the Celery broker and result backend; unset: judging and grading run inside the "
        "web process.",
    )
    task_deadline_seconds: int = Field(
        default=600,
        ge=5,
        le=86400,
        description="A submission or answer left queued or running longer than this is queued again by the sweeper.",
    )
    sweep_interval_seconds: float = Field(
        default=30.0, gt=0, le=3600, description="Seconds between two sweeps for work left queued or running."
    )

    # Observability: structured logs and the metrics endpoint.
    log_format: Literal["text", "json"] = Field(
        default="text", description="How log lines are written to stderr: text for people, json (one object a line) "
        "for a log collector.",
    )  # fmt: skip
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO", description="The least severe log level written: DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
    metrics_token: SecretStr | None = Field(
        default=None, description="Bearer token a scraper must send to read /metrics; unset: /metrics is open, so "
        "keep it on a private network.",
    )  # fmt: skip

    # Rate limits: per candidate link, per sign-in e-mail and address, per staff user's API writes.
    rate_limit_storage: str | None = Field(
        default=None,
        description="Where request counts are kept: memory:// (one web process) or a redis:// URL shared by every "
        "web process; unset: VETML_BROKER_URL when that is set, else memory://.",
    )
    rate_limit_key_prefix: str = Field(
        default="vetml", min_length=1, max_length=64, description="Prefix of the rate-limit counters' keys."
    )
    rate_limit_autosave: str = Field(default="120/minute", description="Answer saves per candidate link.")
    rate_limit_submissions: str = Field(
        default="10/minute", description="Hand-ins (with their code) and interview bookings per candidate link."
    )
    rate_limit_example_runs: str = Field(
        default="10/minute", description="Runs of a challenge's visible examples per candidate link."
    )
    rate_limit_sign_in_email: str = Field(default="10/minute", description="Sign-in attempts per e-mail address.")
    rate_limit_sign_in_address: str = Field(default="30/minute", description="Sign-in attempts per client address.")
    rate_limit_staff_writes: str = Field(
        default="300/minute", description="POST, PUT, PATCH and DELETE requests under /api/v1 per staff user."
    )

    # Database connection pool of each process (PostgreSQL only; SQLite ignores these).
    db_pool_size: int = Field(
        default=10, ge=1, le=200, description="Connections each process keeps open to PostgreSQL (SQLite: ignored)."
    )
    db_max_overflow: int = Field(
        default=20,
        ge=0,
        le=200,
        description="Extra PostgreSQL connections a process may open for a burst, closed again when returned.",
    )
    db_pool_timeout: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="Seconds a request waits for a free pooled connection before it is answered 503 (retry later).",
    )

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

    @field_validator("secret_key")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET:
            raise ValueError(f"too short; use at least {MIN_SECRET} random characters (`openssl rand -hex 32`)")
        return value

    def signing_key(self) -> str:
        """The key for signed links: VETML_SECRET_KEY, else one made once and kept in var/secret-key."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = Path("var") / "secret-key"
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            draft = path.with_name(f".secret-key.{secrets.token_hex(4)}")
            draft.touch(mode=0o600)
            draft.write_text(secrets.token_hex(32), encoding="utf-8")
            draft.replace(path)  # atomic: two processes starting together never read half a key
        return path.read_text(encoding="utf-8").strip()

    @field_validator("extra_graders", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(name.strip() for name in value.split(",") if name.strip())
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_in_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("llm_grader_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL; use e.g. http://127.0.0.1:8080/v1")
        if parts.username or parts.password:
            raise ValueError("the URL carries credentials; put the key in VETML_LLM_GRADER_KEY instead")
        return value.strip()

    @field_validator(
        "rate_limit_autosave", "rate_limit_submissions", "rate_limit_example_runs", "rate_limit_sign_in_email",
        "rate_limit_sign_in_address", "rate_limit_staff_writes",
    )  # fmt: skip
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        text = value.strip()
        if text.lower() in RATE_LIMIT_OFF:
            return "off"
        try:
            parse_many(text)
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write e.g. 10/minute, 10/minute;100/hour or 5 per 30 seconds, "
                "or off to turn the limit off"
            ) from None
        return text

    @field_validator("rate_limit_storage")
    @classmethod
    def _rate_limit_storage(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        scheme = urlsplit(value.strip()).scheme
        if scheme not in RATE_LIMIT_SCHEMES:
            raise ValueError(f"{scheme or value!r} storage is not supported; use memory:// or redis://host:6379/0")
        return value.strip()

    def rate_limit_store(self) -> str:
        """Where counts live: the storage set, else the broker's Redis (shared by every process), else memory."""
        return self.rate_limit_storage or self.broker_url or "memory://"

    @model_validator(mode="after")
    def _llm_grader_complete(self) -> Settings:
        if LLM_GRADER in self.extra_graders and not self.llm_grader_url:
            raise ValueError(f"VETML_EXTRA_GRADERS names {LLM_GRADER}, so VETML_LLM_GRADER_URL must be set")
        if self.llm_grader_url and not self.llm_grader_model:
            raise ValueError("VETML_LLM_GRADER_URL is set, so VETML_LLM_GRADER_MODEL must name the model to ask")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process from the environment; a bad value is a ConfigurationError."""
    try:
        return Settings()
    except ValidationError as error:
        lines = [_problem(item["loc"], item["msg"]) for item in error.errors()]
        raise ConfigurationError(
            "vetml's settings are invalid: " + "; ".join(lines),
            hint="Fix or unset the environment variable named; the README lists every setting.",
        ) from error


def _problem(location: tuple[int | str, ...], message: str) -> str:
    """One line per invalid setting; a rule across settings names its variables itself."""
    message = message.removeprefix("Value error, ")
    return f"VETML_{'_'.join(map(str, location)).upper()}: {message}" if location else message
