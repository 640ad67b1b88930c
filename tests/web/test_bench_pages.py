"""`vetml bench pages` on a small database: every timed page answers, and the figures are consistent."""

from __future__ import annotations

from tests.conftest import REPOSITORY_BANK
from vetml.web.bench import BUDGET_MS, bench_pages


def test_the_benchmark_times_each_page_on_a_seeded_database() -> None:
    steps: list[str] = []
    figures = bench_pages(bank_dir=REPOSITORY_BANK, candidates=25, rounds=3,
                          report=lambda step, _done, _total: steps.append(step))  # fmt: skip
    assert [page.page for page in figures.pages] == ["dashboard", "candidate page", "debrief"]
    for page in figures.pages:
        assert page.requests == 3
        assert 0 < page.p50_ms <= page.p95_ms <= page.max_ms
        assert page.within_budget == (page.p95_ms <= BUDGET_MS)
    assert figures.candidates == 25 and figures.seeding_seconds > 0
    assert {"adding candidates", "planning loops", "timing pages"} <= set(steps)
    assert figures.as_dict()["pages"][0]["page"] == "dashboard"
