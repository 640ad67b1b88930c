"""Schemathesis against the OpenAPI spec: generated requests to every operation never get a 5xx.

The app runs on a seeded SQLite database (the demo organisation on the repository bank). Each request
carries the API token of a staff role the authorisation matrix allows on that route (an admin where
admins may go, else an interviewer), so it gets past authentication into the route's own code. The last
test checks that every operation in the schema was called, so a new route cannot escape the fuzzing.
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
from tests.web.test_authorization import RULES
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
STAFF = {"admin": "admin@demo.vetml", "interviewer": "priya@demo.vetml"}
METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
FUZZED: set[tuple[str, str]] = set()


@pytest.fixture(scope="module", autouse=True)
def seeded_database() -> Iterator[None]:
    """The demo organisation on the repository bank, and an admin's API token."""
    engine = create_db_engine(f"sqlite:///{DATABASE}")
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        demo.seed(session, password="fuzzing password", challenges_root=REPOSITORY_BANK / "challenges")
        for role, email in STAFF.items():
            user = accounts.get_by_email(session, email)
            assert user is not None
            TOKEN[role] = accounts.create_token(session, user=user, name="fuzz")[1]
    engine.dispose()
    yield
    APP.state.engine.dispose()
    shutil.rmtree(DATABASE.parent, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_with_a_server_error(case: schemathesis.Case) -> None:
    operation = (case.operation.method.upper(), case.operation.path)  # not case.method: negative cases try others
    FUZZED.add(operation)
    response = case.call(headers={"Authorization": f"Bearer {TOKEN[_role(operation)]}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text}"
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])


def _role(operation: tuple[str, str]) -> str:
    """A staff role the route lets in, so the request reaches the route's code (admin when it may)."""
    allowed = RULES.get(operation, frozenset({"admin"}))
    return "admin" if "admin" in allowed or "interviewer" not in allowed else "interviewer"


def test_every_operation_in_the_schema_was_fuzzed() -> None:
    """Runs after the cases above (file order): an operation schemathesis skipped would go untested."""
    if not FUZZED:
        pytest.skip("the fuzz cases were deselected")
    paths = APP.openapi()["paths"]
    operations = {(method.upper(), path) for path, item in paths.items() for method in item if method in METHODS}
    assert operations == FUZZED
