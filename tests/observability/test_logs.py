"""Log lines as configured: JSON objects that parse and carry the bound ids, or text with the ids appended."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from vetml.config import Settings
from vetml.observability.logs import bound_ids, configure_logging
from vetml.observability.middleware import REQUEST_ID_HEADER

log = logging.getLogger("vetml.tests.observability")


def _json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.usefixtures("restore_logging")
def test_json_lines_parse_and_carry_the_request_id(
    app: FastAPI, client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(Settings(log_format="json"))

    def noisy() -> dict[str, str]:
        log.warning("inside the route")
        return {}

    app.add_api_route("/test-only/log", noisy)
    assert client.get("/test-only/log", headers={REQUEST_ID_HEADER: "req-1"}).status_code == 200
    lines = _json_lines(capsys.readouterr().err)
    [line] = [line for line in lines if line["message"] == "inside the route"]
    assert line["request_id"] == "req-1" and line["level"] == "WARNING"
    assert line["logger"] == "vetml.tests.observability" and line["timestamp"]


@pytest.mark.usefixtures("restore_logging")
def test_ids_are_bound_only_inside_the_block(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(log_format="json"))
    with bound_ids(submission_id="sub-9"), bound_ids(answer_id=41):
        log.info("judging", extra={"color_message": "\x1b[36mjudging\x1b[0m"})  # as uvicorn adds to its lines
    log.info("after")
    judging, after = _json_lines(capsys.readouterr().err)
    assert judging["submission_id"] == "sub-9" and judging["answer_id"] == "41" and "color_message" not in judging
    assert "submission_id" not in after and "answer_id" not in after and "request_id" not in after


@pytest.mark.usefixtures("restore_logging")
def test_text_lines_name_the_bound_ids_and_keep_the_traceback_below(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(log_format="text", log_level="warning"))
    log.info("below the level")
    with bound_ids(submission_id="sub-3"):
        try:
            raise ValueError("broken")
        except ValueError:
            log.exception("judging failed")
    first, *rest = capsys.readouterr().err.splitlines()
    assert "below the level" not in first
    assert first.endswith("ERROR vetml.tests.observability: judging failed [submission_id=sub-3]")
    assert rest[0] == "Traceback (most recent call last):" and rest[-1] == "ValueError: broken"


@pytest.mark.usefixtures("restore_logging")
def test_configuring_twice_keeps_one_handler(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings())
    configure_logging(Settings(log_format="json"))
    log.warning("once")
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_unknown_ids_and_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown log ids"), bound_ids(user_id="7"):
        pass
    with pytest.raises(ValueError, match="log_format"):
        Settings(log_format="xml")  # type: ignore[arg-type]
    assert Settings(log_level="debug").log_level == "DEBUG"  # type: ignore[arg-type]
