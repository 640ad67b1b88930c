"""`vetml serve` as run in production: uvicorn's own lines in our JSON format, access lines without tokens."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.tasks.services import PROJECT_ROOT, free_port, wait_for

TOKEN = "signed-candidate-token-0123456789abcdef"


def _get(url: str, request_id: str = "") -> int:
    request = urllib.request.Request(url, headers={"X-Request-ID": request_id} if request_id else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _serve(sqlite_url: str, bank_dir: Path, folder: Path, *options: str) -> list[dict[str, Any]]:
    """Start `vetml serve` with JSON logs, ask for a candidate link that does not exist, stop it; its log lines."""
    port = free_port()
    env = os.environ | {"VETML_DATABASE_URL": sqlite_url, "VETML_BANK_DIR": str(bank_dir), "VETML_LOG_FORMAT": "json",
                        "PYTHONPATH": str(PROJECT_ROOT / "src")}  # fmt: skip
    stderr = folder / "serve.log"
    with stderr.open("wb") as output:
        server = subprocess.Popen([sys.executable, "-m", "vetml", "serve", "--port", str(port), *options], cwd=folder,
                                  env=env, stdout=subprocess.DEVNULL, stderr=output)  # fmt: skip
    try:
        wait_for("vetml serve to answer", lambda: _get(f"http://127.0.0.1:{port}/healthz") == 200, timeout=60)
        assert _get(f"http://127.0.0.1:{port}/assess/{TOKEN}?tab=1", request_id="served-1") == 404
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    text = stderr.read_text(encoding="utf-8")
    assert TOKEN not in text
    return [json.loads(line) for line in text.splitlines()]  # every line is JSON


def test_served_lines_are_json_with_request_ids_and_no_tokens(sqlite_url: str, bank_dir: Path, tmp_path: Path) -> None:
    lines = _serve(sqlite_url, bank_dir, tmp_path)
    assert any(line["logger"] == "uvicorn.error" and "Uvicorn running" in line["message"] for line in lines)
    [access] = [line for line in lines if line.get("request_id") == "served-1" and line["logger"] == "uvicorn.access"]
    assert '"GET /assess/{token} HTTP/1.1" 404' in access["message"]


def test_no_access_log_leaves_out_the_request_lines_only(sqlite_url: str, bank_dir: Path, tmp_path: Path) -> None:
    lines = _serve(sqlite_url, bank_dir, tmp_path, "--no-access-log")
    assert any(line["logger"] == "uvicorn.error" and "Uvicorn running" in line["message"] for line in lines)
    assert not [line for line in lines if line["logger"] == "uvicorn.access"]
