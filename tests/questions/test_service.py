"""Loading, versioning, browsing and counting the bank in a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import REPOSITORY_BANK
from tests.factories import question_data, write_question
from vetml.db import transaction
from vetml.errors import InvalidInput, NotFound
from vetml.questions import service
from vetml.questions.models import QuestionVersion
from vetml.questions.schemas import Level, Module, QuestionFilter


def _sync(sessions: sessionmaker[Session], root: Path) -> service.LoadReport:
    with transaction(sessions) as session:
        return service.sync(session, root=root)


def _version_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(QuestionVersion)) or 0


def test_first_load_adds_every_question_at_version_one(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    report = _sync(sessions, bank_dir)
    assert sorted(report.added) == [
        "deployment-blue-green-swap",
        "deployment-shadow-traffic",
        "monitoring-alert-fatigue",
        "monitoring-latency-slo",
    ]
    with sessions() as session:
        detail = service.get(session, "deployment-blue-green-swap")
    assert detail.version == 1
    assert detail.versions == [1]
    assert len(detail.content_hash) == 64
    assert detail.follow_ups[0].question_id == "deployment-shadow-traffic"
    assert detail.follow_ups[0].text == "Question about deployment shadow traffic"
    assert detail.signals[0].title == "Concrete numbers"
    assert detail.red_flags[0].shared_id == "no-monitoring"


def test_reloading_an_unchanged_bank_writes_nothing(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    report = _sync(sessions, bank_dir)
    assert report.added == report.updated == report.retired == []
    assert len(report.unchanged) == 4
    assert _version_count(sessions) == 4


def test_an_edit_creates_a_new_version_and_keeps_the_old_text(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    with sessions() as session:
        original = service.get(session, "monitoring-alert-fatigue")
    write_question(
        bank_dir, question_data("monitoring-alert-fatigue", prompt="A new wording of the alerting question.")
    )
    report = _sync(sessions, bank_dir)
    assert report.updated == ["monitoring-alert-fatigue"]
    with sessions() as session:
        current = service.get(session, "monitoring-alert-fatigue")
        old = service.get(session, "monitoring-alert-fatigue", version=1)
        by_hash = service.get_version_by_hash(session, original.content_hash)
    assert current.version == 2
    assert current.versions == [1, 2]
    assert current.prompt == "A new wording of the alerting question."
    assert current.content_hash != original.content_hash
    assert old.prompt == original.prompt
    assert by_hash.number == 1


def test_yaml_layout_changes_do_not_create_versions(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    path = bank_dir / "questions" / "deployment" / "deployment-shadow-traffic.yaml"
    path.write_text("# a comment that changes nothing\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    report = _sync(sessions, bank_dir)
    assert "deployment-shadow-traffic" in report.unchanged


def test_a_deleted_file_retires_its_question_and_restoring_it_brings_it_back(
    sessions: sessionmaker[Session], bank_dir: Path
) -> None:
    _sync(sessions, bank_dir)
    path = bank_dir / "questions" / "monitoring" / "monitoring-latency-slo.yaml"
    saved = path.read_text(encoding="utf-8")
    path.unlink()
    assert _sync(sessions, bank_dir).retired == ["monitoring-latency-slo"]
    with sessions() as session:
        listed = [item.id for item in service.list_questions(session, filters=QuestionFilter())]
        retired = service.get(session, "monitoring-latency-slo")
    assert "monitoring-latency-slo" not in listed
    assert retired.retired is True
    path.write_text(saved, encoding="utf-8")
    assert _sync(sessions, bank_dir).restored == ["monitoring-latency-slo"]
    assert _version_count(sessions) == 4


def test_a_broken_bank_loads_nothing_and_keeps_what_was_there(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    write_question(bank_dir, question_data("monitoring-alert-fatigue", prompt="An edit that must not land."))
    (bank_dir / "questions" / "deployment" / "deployment-bad.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        _sync(sessions, bank_dir)
    assert "nothing was loaded" in caught.value.message
    assert any("deployment-bad.yaml" in line for line in caught.value.details)
    with sessions() as session:
        assert service.get(session, "monitoring-alert-fatigue").version == 1
    assert _version_count(sessions) == 4


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (QuestionFilter(category="monitoring"), ["monitoring-alert-fatigue", "monitoring-latency-slo"]),
        (QuestionFilter(level=Level.JUNIOR), ["deployment-shadow-traffic"]),
        (QuestionFilter(module=Module.SYSTEM_DESIGN), ["deployment-blue-green-swap"]),
        (QuestionFilter(tag="kubernetes"), ["deployment-blue-green-swap"]),
        (QuestionFilter(query="QPS checkout"), ["monitoring-latency-slo"]),
        (QuestionFilter(query="KUBERNETES"), ["deployment-blue-green-swap"]),
        (QuestionFilter(query="shadow", category="monitoring"), []),
        (QuestionFilter(query="100%_"), []),
    ],
)
def test_list_filters(
    sessions: sessionmaker[Session], bank_dir: Path, filters: QuestionFilter, expected: list[str]
) -> None:
    _sync(sessions, bank_dir)
    with sessions() as session:
        assert [item.id for item in service.list_questions(session, filters=filters)] == expected


def test_listing_follows_category_then_level_order(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    with sessions() as session:
        listed = service.list_questions(session, filters=QuestionFilter())
    assert [(item.category, item.level.value) for item in listed] == [
        ("deployment", "junior"),
        ("deployment", "mid"),
        ("monitoring", "senior"),
        ("monitoring", "staff"),
    ]


def test_search_ranks_title_matches_first(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    with sessions() as session:
        listed = service.list_questions(session, filters=QuestionFilter(query="latency"))
    assert listed[0].id == "monitoring-latency-slo"


def test_unknown_question_and_version_are_not_found(session: Session, bank_dir: Path) -> None:
    service.sync(session, root=bank_dir)
    with pytest.raises(NotFound, match="no question 'nope'"):
        service.get(session, "nope")
    with pytest.raises(NotFound, match="has no version 7"):
        service.get(session, "monitoring-latency-slo", version=7)


def test_stats_count_active_questions(sessions: sessionmaker[Session], bank_dir: Path) -> None:
    _sync(sessions, bank_dir)
    (bank_dir / "questions" / "monitoring" / "monitoring-latency-slo.yaml").unlink()
    _sync(sessions, bank_dir)
    with sessions() as session:
        stats = service.stats(session)
    assert stats.total == 3
    assert stats.retired == 1
    assert [(item.id, item.count, item.meets_minimum) for item in stats.categories] == [
        ("deployment", 2, True),
        ("monitoring", 1, True),
    ]
    assert stats.levels == {"junior": 1, "mid": 1, "senior": 1, "staff": 0}
    assert stats.senior_or_staff == 1
    assert stats.modules == {"ml-design": 1, "system-design": 1, "technical-screen": 1}


def test_the_repository_bank_loads_completely(sessions: sessionmaker[Session]) -> None:
    report = _sync(sessions, REPOSITORY_BANK)
    files = list((REPOSITORY_BANK / "questions").rglob("*.yaml"))
    assert len(report.added) == len(files) >= 200
    with sessions() as session:
        stats = service.stats(session)
    assert stats.total == len(files)
    assert all(category.meets_minimum for category in stats.categories)
    assert stats.senior_or_staff >= 50
