"""`vetml schedule propose` and `vetml bench schedule` run as a user runs them: a real process and real files."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "schedule-loop.yaml"
NOW = "2027-03-01T00:00:00Z"


def vetml(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "vetml", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def sample() -> dict[str, Any]:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def write(tmp_path: Path, data: dict[str, Any], name: str = "loop.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def propose_json(*args: str) -> dict[str, Any]:
    result = vetml("schedule", "propose", *args, "--json", "--now", NOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_sample_shows_every_session_on_each_persons_clock() -> None:
    table = vetml("schedule", "propose", str(SAMPLE), "--now", NOW, "--zone", "Europe/London")
    assert table.returncode == 0, table.stderr
    assert "Loop for Priya (Asia/Kolkata): 5 modules, 2027-03-08 to 2027-03-19" in table.stdout
    assert "candidate (Asia/Kolkata)" in table.stdout and "Europe/London" in table.stdout
    found = propose_json(str(SAMPLE), "--zone", "Europe/London")
    sessions = [session for option in found["options"] for session in option["sessions"]]
    assert len(found["options"]) == 3
    for session in sessions:
        for local in session["local"].values():
            assert local["label"] in table.stdout
        assert session["local"]["candidate"]["label"].endswith(" IST")
        assert session["local"]["candidate"]["start"].endswith("+05:30")
    nepal = [session["local"]["interviewer"] for session in sessions if session["interviewer"] == "dipesh"]
    assert nepal and all(local["label"].endswith("UTC+05:45") and local["start"].endswith("+05:45") for local in nepal)
    assert "UTC+05:45 (Asia/Kathmandu)" in table.stdout


def test_json_times_round_trip_to_the_same_utc_instants() -> None:
    found = propose_json(str(SAMPLE), "--zone", "Pacific/Chatham")
    assert found["not_before"] == NOW and found["reasons"] == []
    for option in found["options"]:
        assert option["days"] >= 1 and option["rank"] == found["options"].index(option) + 1
        for session in option["sessions"]:
            start, end = (datetime.fromisoformat(session[key]) for key in ("start", "end"))
            assert session["start"].endswith("Z") and start.utcoffset() == timedelta(0)
            assert end - start >= timedelta(minutes=30)
            for local in session["local"].values():
                assert datetime.fromisoformat(local["start"]) == start
                assert datetime.fromisoformat(local["end"]) == end
            assert datetime.fromisoformat(session["local"]["extra"]["start"]).utcoffset() == timedelta(
                hours=13, minutes=45
            )


def test_a_new_york_session_after_the_us_clock_change_is_flagged() -> None:
    found = propose_json(str(SAMPLE))
    for option in found["options"]:
        ana = next(session for session in option["sessions"] if session["interviewer"] == "ana")
        after_change = datetime.fromisoformat(ana["start"]) >= datetime(2027, 3, 14, 7, tzinfo=UTC)
        flagged = any(flag.startswith("ana (America/New_York): clocks change") for flag in option["dst_flags"])
        assert flagged == after_change
        assert ana["local"]["interviewer"]["start"].endswith("-04:00" if after_change else "-05:00")


def test_overrides_replace_the_files_dates_limits_and_now() -> None:
    found = propose_json(str(SAMPLE), "--from", "2027-03-08", "--to", "2027-03-09", "--options", "2")
    assert found["dates"] == {"from": "2027-03-08", "to": "2027-03-09"} and len(found["options"]) == 2
    days = {
        session["local"]["candidate"]["start"][:10] for option in found["options"] for session in option["sessions"]
    }
    assert days <= {"2027-03-08", "2027-03-09"}
    later = json.loads(vetml("schedule", "propose", str(SAMPLE), "--json", "--now", "2027-03-17T09:00:00+05:30").stdout)
    starts = [datetime.fromisoformat(s["start"]) for option in later["options"] for s in option["sessions"]]
    assert starts and min(starts) >= datetime(2027, 3, 17, 3, 30, tzinfo=UTC)


def test_a_json_loop_file_gives_the_same_options_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(_plain(sample())), encoding="utf-8")
    assert propose_json(str(path))["options"] == propose_json(str(SAMPLE))["options"]


def _plain(value: Any) -> Any:
    """YAML's dates (as keys too) written as the strings JSON needs."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def _set(data: dict[str, Any], dotted: str, value: object) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    *parents, last = dotted.split(".")
    target: Any = changed
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[last] = value
    return changed


BUSY = {"start": "2027-03-09T15:00:00Z", "end": "2027-03-09T14:00:00Z"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("candidate.zone", "Asia/Kolkatta", "candidate.zone: 'Asia/Kolkatta' is not an IANA time zone. Did you mean"),
        ("interviewers.bo.hours", {"mon": "17:00-09:00"}, "interviewers.bo.hours: '17:00-09:00' ends before it starts"),
        ("interviewers.chen.hours", {"mon-fri": ["09:00-12:00", "11:30-18:00"]}, "chen.hours: the hours of mon"),
        ("interviewers.elke.hours", {"mon-fri": "08:00-16:00", "fri": "08:00-12:00"}, "elke.hours: fri is given twice"),
        ("candidate.hours", {"mon-fry": "09:00-17:00"}, "candidate.hours: 'mon-fry' is not a weekday"),
        ("candidate.exceptions", {date(2027, 3, 11): "09:00-25:00"}, "exceptions.2027-03-11: '09:00-25:00' has a"),
        ("modules.0.interviewers", ["bo", "zoe"], "modules.0.interviewers: 'zoe' is not under interviewers"),
        ("modules.1.minutes", 0, "modules.1.minutes: Input should be greater than or equal to 1"),
        ("dates.to", date(2027, 3, 1), "dates: 'to' (2027-03-01) is before 'from' (2027-03-08)"),
        ("dates.from", "2027-02-30", "dates.from: Input should be a valid date"),
        ("interviewers.ana.busy", [BUSY], "interviewers.ana.busy.0: ends (2027-03-09T14:00:00+00:00) before it starts"),
        ("candidate.workhours", {"mon": "09:00-17:00"}, "candidate.workhours: is not a field of the loop file"),
    ],
)  # fmt: skip
def test_each_bad_input_is_one_line_naming_the_field_and_exit_2(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    result = vetml("schedule", "propose", str(write(tmp_path, _set(sample(), field, value))), "--now", NOW)
    assert result.returncode == 2, result.stdout
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: ") and message in first, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_command_line_values_and_unreadable_files_exit_2(tmp_path: Path) -> None:
    naive = vetml("schedule", "propose", str(SAMPLE), "--now", "2027-03-01T09:00")
    assert naive.returncode == 2 and "error: --now '2027-03-01T09:00' has no zone" in naive.stderr
    backwards = vetml("schedule", "propose", str(SAMPLE), "--from", "2027-03-19", "--to", "2027-03-08", "--now", NOW)
    assert (
        backwards.returncode == 2
        and "the date range ends (2027-03-08) before it starts (2027-03-19)" in backwards.stderr
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("candidate: {zone: UTC\nmodules: []\n", encoding="utf-8")
    unreadable = vetml("schedule", "propose", str(broken))
    assert unreadable.returncode == 2 and "not valid YAML at line" in unreadable.stderr
    missing = vetml("schedule", "propose", str(tmp_path / "nowhere.yaml"))
    assert missing.returncode == 2 and "nowhere.yaml is not a file" in missing.stderr
    zone = vetml("schedule", "propose", str(SAMPLE), "--zone", "Europe/Londn", "--now", NOW)
    assert zone.returncode == 2 and "'Europe/Londn' is not an IANA time zone" in zone.stderr


def test_a_loop_nobody_can_share_exits_1_with_the_reason(tmp_path: Path) -> None:
    data = sample()
    data["interviewers"] = {"lena": {"zone": "America/Los_Angeles", "hours": {"mon-fri": "09:00-17:00"}}}
    data["modules"] = [{"name": "coding", "minutes": 60, "interviewers": ["lena"]}]
    path = write(tmp_path, data)
    table = vetml("schedule", "propose", str(path), "--now", NOW)
    assert table.returncode == 1, table.stderr
    assert "No schedule fits" in table.stdout
    assert "module 'coding' needs 60 minutes, and no eligible interviewer can meet the candidate" in table.stdout
    assert "lena (America/Los_Angeles) shares at most 0 working minutes" in table.stdout
    machine = vetml("schedule", "propose", str(path), "--now", NOW, "--json")
    assert machine.returncode == 1
    found = json.loads(machine.stdout)
    assert found["options"] == [] and found["reasons"][0].startswith("module 'coding' needs 60 minutes")


def test_the_benchmark_reports_its_scenario_and_positive_timings() -> None:
    result = vetml("bench", "schedule", "--json", "--runs", "1")
    figures = json.loads(result.stdout)
    assert {"modules": 5, "interviewers": 12, "zones": 6, "days": 14, "runs": 1}.items() <= figures.items()
    assert figures["best_seconds"] > 0 and figures["median_seconds"] >= figures["best_seconds"]
    assert figures["options"] > 0 and figures["first_option_days"] >= 1 and figures["target_seconds"] == 1.0
    assert figures["passed"] == (figures["median_seconds"] <= 1.0) == (result.returncode == 0)


def test_the_commands_are_listed_in_help() -> None:
    assert " propose " in vetml("schedule", "--help").stdout
    assert " schedule " in vetml("bench", "--help").stdout
