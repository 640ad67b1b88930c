"""The end-of-session report, written the way an interviewer briefs a recruiter.

Everything in it is read off the stored grades: which rubric points each answer covered (with the
sentence that covered them), the production signals shown or never shown, the red flags, a hire
signal per competency (bank category), and what to study next.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from vetml.grading.feedback import SIGNAL_ADVICE
from vetml.grading.schemas import BAND_NAMES, Coverage
from vetml.practice.models import PracticeSession
from vetml.practice.scheduling import aware
from vetml.practice.schemas import AttemptView, Competency, PracticeReport
from vetml.questions.schemas import Level

HIRE_SIGNALS = ((80, "strong hire signal"), (60, "hire signal"), (40, "mixed signal"), (0, "no-hire signal"))
ESSENTIAL_WEIGHT = 4  # rubric points of weight 4 and 5 are the ones an interviewer expects
MOST_LISTED = 8
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
TEMPLATES.filters["quote"] = lambda text: "\n".join(f"> {line}" for line in str(text).splitlines()) or "> (empty)"


def hire_signal(score: float) -> str:
    """The reading of a mean score: 80+ strong hire, 60+ hire, 40+ mixed, else no hire."""
    return next(label for floor, label in HIRE_SIGNALS if score >= floor)


def build_report(
    row: PracticeSession, profile_name: str, attempts: list[AttemptView], due: dict[str, datetime]
) -> PracticeReport:
    """The report of a session from its attempts and the dates its questions come back."""
    overall = round(sum(item.grade.score for item in attempts) / len(attempts), 1) if attempts else 0.0
    return PracticeReport(
        session_id=row.id,
        profile_name=profile_name,
        level=Level(row.level),
        started_at=aware(row.started_at),
        finished_at=aware(row.finished_at) if row.finished_at else None,
        overall_score=overall,
        overall_signal=hire_signal(overall) if attempts else "no answers yet",
        competencies=_competencies(attempts),
        strengths=_strengths(attempts),
        gaps=_gaps(attempts),
        red_flags=_red_flags(attempts),
        study_next=_study_next(attempts, due),
        attempts=attempts,
    )


def to_markdown(report: PracticeReport) -> str:
    """The report as Markdown."""
    return TEMPLATES.get_template("report.md").render(report=report, band_names=BAND_NAMES)


def to_html(report: PracticeReport) -> str:
    """The report as a self-contained HTML page (the candidate's text is escaped)."""
    return TEMPLATES.get_template("report.html").render(report=report, band_names=BAND_NAMES)


def _competencies(attempts: list[AttemptView]) -> list[Competency]:
    groups: dict[str, list[AttemptView]] = defaultdict(list)
    for item in attempts:
        groups[item.category].append(item)
    competencies = []
    for category, items in groups.items():
        mean = round(sum(item.grade.score for item in items) / len(items), 1)
        competencies.append(
            Competency(
                category=category,
                title=items[0].category_title,
                questions=len(items),
                mean_score=mean,
                hire_signal=hire_signal(mean),
            )
        )
    return sorted(competencies, key=lambda item: -item.mean_score)


def _strengths(attempts: list[AttemptView]) -> list[str]:
    shown = Counter(finding.title for item in attempts for finding in item.grade.signals)
    lines = [f"{title} in {count} of {len(attempts)} answers" for title, count in shown.most_common()]
    covered = [
        f"{item.title}: {point.point}"
        for item in sorted(attempts, key=lambda item: -item.grade.score)
        for point in item.grade.points
        if point.coverage is Coverage.COVERED and point.weight >= ESSENTIAL_WEIGHT
    ]
    return covered[:MOST_LISTED] + lines


def _gaps(attempts: list[AttemptView]) -> list[str]:
    missing = [
        f"{item.title}: {point.point}"
        for item in sorted(attempts, key=lambda item: item.grade.score)
        for point in sorted(item.grade.points, key=lambda point: -point.weight)
        if point.coverage is Coverage.MISSING and point.weight >= ESSENTIAL_WEIGHT
    ]
    never = _never_shown(attempts)
    return missing[:MOST_LISTED] + [f"Never showed {title.lower()}" for title in never]


def _never_shown(attempts: list[AttemptView]) -> list[str]:
    """Signals the questions asked for that no answer showed, by their titles."""
    asked = Counter(signal for item in attempts for signal in item.grade.missing_signals)
    shown = {finding.id for item in attempts for finding in item.grade.signals}
    return [signal.replace("-", " ") for signal, _count in asked.most_common() if signal not in shown]


def _red_flags(attempts: list[AttemptView]) -> list[str]:
    lines = []
    for item in attempts:
        for finding in item.grade.red_flags:
            quote = f' ("{_clip(finding.evidence[0].text)}")' if finding.evidence else ""
            lines.append(f"{item.title}: {finding.title}{quote}")
    return lines


def _study_next(attempts: list[AttemptView], due: dict[str, datetime]) -> list[str]:
    weak = [item for item in _competencies(attempts) if item.mean_score < 60]
    lines = [f"{item.title}: your answers averaged {item.mean_score:.0f}/100" for item in reversed(weak)]
    asked = {signal for item in attempts for signal in item.grade.missing_signals}
    shown = {finding.id for item in attempts for finding in item.grade.signals}
    lines += [SIGNAL_ADVICE[signal] for signal in sorted(asked - shown) if signal in SIGNAL_ADVICE]
    for item in sorted(attempts, key=lambda item: item.grade.score):
        if item.question_id in due and item.grade.band <= 2:
            lines.append(f'"{item.title}" comes back for review on {due[item.question_id]:%Y-%m-%d}')
    return lines


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
