"""Schemathesis against the OpenAPI spec: generated requests to every operation never get a 5xx.

The app runs on a seeded SQLite database (the demo organisation on the repository bank), and
requests are sent with an admin's API token so they get past authentication into the routes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.openapi import from_asgi

from tests.conftest import REPOSITORY_BANK
from vetml import demo
from vetml.accounts import service as accounts
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.questions import service as questions
from vetml.web.app import create_app

# The schema must exist when pytest collects the tests, so the app is built at import; its database
# is created and seeded by the fixture below before the first request.
DATABASE = Path(tempfile.mkdtemp(prefix="vetml-fuzz-")) / "vetml.db"
# The limits are off: generated requests come far faster than any person's, and must reach the routes.
NO_LIMITS = {f"rate_limit_{name}": "off" for name in ("autosave", "submissions", "example_runs", "sign_in_email",
                                                      "sign_in_address", "staff_writes")}  # fmt: skip
APP = create_app(Settings(database_url=f"sqlite:///{DATABASE}", bank_dir=REPOSITORY_BANK, **NO_LIMITS))
schema = from_asgi("/openapi.json", APP)
TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def seeded_database() -> Iterator[None]:
    """The demo organisation on the repository bank, and an admin's API token."""
    engine = create_db_engine(f"sqlite:///{DATABASE}")
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        demo.seed(session, password="fuzzing password", challenges_root=REPOSITORY_BANK / "challenges")
        admin = accounts.get_by_email(session, "admin@demo.vetml")
        assert admin is not None
        TOKEN["admin"] = accounts.create_token(session, user=admin, name="fuzz")[1]
    engine.dispose()
    yield
    APP.state.engine.dispose()
    shutil.rmtree(DATABASE.parent, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_with_a_server_error(case: schemathesis.Case) -> None:
    response = case.call(headers={"Authorization": f"Bearer {TOKEN['admin']}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
