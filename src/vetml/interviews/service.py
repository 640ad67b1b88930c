"""Interview loops: propose and edit a candidate's loop, schedule interviews, record what was asked,
collect independent scorecards, build the debrief and record the decision.

Who may see what is decided here, not in the routes: hiring managers and admins see everything;
an interviewer sees only loops they interview in, and other interviewers' scorecards only after
submitting their own, so nobody anchors on a colleague's rating.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.errors import Conflict, Forbidden, InvalidInput, NotFound
from vetml.grading import service as grading
from vetml.hiring import audit
from vetml.hiring.models import Candidate
from vetml.interviews import assessments
from vetml.interviews import debrief as debriefs
from vetml.interviews.catalogue import CHALLENGE, QUESTION, Option, catalogue_from_session
from vetml.interviews.competencies import item_competencies
from vetml.interviews.debrief_schemas import AutomaticResult, Debrief, ScorecardInput
from vetml.interviews.loop_schemas import (
    AskedQuestionInput,
    DecisionCreate,
    InterviewCreate,
    InterviewStatus,
    InterviewUpdate,
    LoopUpdate,
    ScorecardCreate,
)
from vetml.interviews.models import (
    AskedQuestion,
    Assessment,
    AssessmentAnswer,
    Decision,
    Interview,
    Loop,
    Scorecard,
)
from vetml.interviews.planner import CandidateSpec, RoleSpec, plan_loop
from vetml.interviews.plans import LoopPlan, revalidate
from vetml.interviews.swaps import Alternative, PickKey, alternatives, swap, unseen_options
from vetml.questions import service as questions
from vetml.questions.models import Question, QuestionVersion
from vetml.resume import service as resume
from vetml.web.pagination import PageParams, paginate


def _require_manager(user: User, action: str) -> None:
    if not is_manager(user):
        raise Forbidden(f"only hiring managers and admins may {action}", hint="Ask the loop's hiring manager.")


def _now() -> datetime:
    return datetime.now(UTC)


# Loops


def propose(session: Session, *, candidate_id: int, actor: User, challenges_root: Path, seed: str | None) -> Loop:
    """Plan the candidate's loop from the hiring request and their claimed skills, and store it."""
    _require_manager(actor, "plan a loop")
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"there is no candidate {candidate_id}", hint="List candidates with GET /api/v1/candidates.")
    if session.scalar(select(Loop.id).where(Loop.candidate_id == candidate_id)) is not None:
        raise Conflict(f"candidate {candidate_id} already has a loop", hint="Edit it with PATCH /api/v1/loops/{id}.")
    request = candidate.request
    role = RoleSpec(level=request.level, specialties=request.specialties, must_have_skills=request.must_have_skills)
    chosen_seed = seed or f"candidate-{candidate_id}"
    plan = plan_loop(
        role,
        CandidateSpec(
            claimed_skills=candidate.claimed_skills,
            unevidenced_skills=resume.probe_skills(session, candidate_id, viewer=actor),
        ),
        catalogue_from_session(session, challenges_root),
        seen_questions=_seen_questions(session, candidate_id),
        seen_challenges=_seen_challenges(session, candidate_id),
        seed=chosen_seed,
    )
    loop = Loop(candidate_id=candidate_id, plan=plan.model_dump(mode="json"), seed=chosen_seed, created_by_id=actor.id)
    session.add(loop)
    session.flush()
    audit.record(
        session,
        entity="loop",
        entity_id=loop.id,
        action="proposed",
        actor=actor,
        data={"candidate_id": candidate_id, "seed": chosen_seed, "gaps": plan.coverage.gaps},
    )
    return loop


def _seen_questions(session: Session, candidate_id: int) -> set[str]:
    """Questions this candidate was already asked in interviews or assessments."""
    asked = select(AskedQuestion.question_id).join(Interview).join(Loop).where(Loop.candidate_id == candidate_id)
    seen = set(session.scalars(asked))
    return seen | _assessment_items(session, candidate_id, "question")


def _seen_challenges(session: Session, candidate_id: int) -> set[str]:
    return _assessment_items(session, candidate_id, "challenge")


def _assessment_items(session: Session, candidate_id: int, kind: str) -> set[str]:
    items = session.scalars(select(Assessment.items).where(Assessment.candidate_id == candidate_id))
    return {str(item[f"{kind}_id"]) for listing in items for item in listing if item.get("kind") == kind}


def get_loop(session: Session, loop_id: int, *, user: User) -> Loop:
    """A loop the user may see; one they may not is reported as missing, so ids leak nothing."""
    loop = session.get(Loop, loop_id)
    if loop is None or not can_see(session, loop, user):
        raise NotFound(f"there is no loop {loop_id}", hint="Open loops from the candidate's page.")
    return loop


def loop_of_candidate(session: Session, candidate_id: int, *, user: User) -> Loop:
    """The candidate's loop, if the user may see it."""
    loop_id = session.scalar(select(Loop.id).where(Loop.candidate_id == candidate_id))
    if loop_id is None:
        raise NotFound(f"candidate {candidate_id} has no loop yet", hint="Propose one with POST .../loop.")
    return get_loop(session, loop_id, user=user)


def can_see(session: Session, loop: Loop, user: User) -> bool:
    """Managers see every loop; an interviewer only loops they interview in."""
    if is_manager(user):
        return True
    mine = select(Interview.id).where(Interview.loop_id == loop.id, Interview.interviewer_id == user.id)
    return session.scalar(mine.limit(1)) is not None


def plan_of(loop: Loop) -> LoopPlan:
    """The stored plan as a model."""
    return LoopPlan.model_validate(loop.plan)


def update_plan(session: Session, *, loop: Loop, data: LoopUpdate, actor: User, challenges_root: Path) -> Loop:
    """Save an edited plan after checking it against the bank; a stale version is refused, not merged."""
    _require_manager(actor, "edit a loop")
    _check_loop_version(loop, data.version)
    checked = revalidate(data.plan, catalogue_from_session(session, challenges_root))
    loop.plan = checked.model_dump(mode="json")
    session.flush()
    audit.record(
        session, entity="loop", entity_id=loop.id, action="edited", actor=actor, data={"gaps": checked.coverage.gaps}
    )
    return loop


def _check_loop_version(loop: Loop, version: int) -> None:
    """Edits are made against the version the manager loaded; a stale one is refused, never merged."""
    if version != loop.version:
        raise Conflict(
            f"the loop changed since you loaded it (version {version}, now {loop.version})",
            hint="Reload the loop, reapply your edit and save again.",
        )


def swap_options(session: Session, *, loop: Loop, challenges_root: Path) -> dict[PickKey, list[Alternative]]:
    """For each pick of the loop, what may replace it: fitting bank items the candidate has not seen, best first."""
    plan = plan_of(loop)
    options = _unseen(session, loop, challenges_root)
    return {
        (planned.module, kind, item.id): alternatives(plan, options, module=planned.module, kind=kind, item_id=item.id)
        for planned in plan.modules
        for kind, items in ((QUESTION, planned.questions), (CHALLENGE, planned.challenges))
        for item in items
    }


def _unseen(session: Session, loop: Loop, challenges_root: Path) -> list[Option]:
    return unseen_options(
        catalogue_from_session(session, challenges_root),
        seen_questions=_seen_questions(session, loop.candidate_id),
        seen_challenges=_seen_challenges(session, loop.candidate_id),
    )


def swap_pick(
    session: Session, *, loop: Loop, pick: PickKey, replacement_id: str, version: int, actor: User,
    challenges_root: Path,
) -> Loop:  # fmt: skip
    """Replace one pick with one of its alternatives and save the plan; anything else is refused with the reason."""
    _require_manager(actor, "edit a loop")
    _check_loop_version(loop, version)
    module, kind, item_id = pick
    plan = plan_of(loop)
    options = alternatives(plan, _unseen(session, loop, challenges_root), module=module, kind=kind, item_id=item_id)
    replacement = next((choice.option for choice in options if choice.option.id == replacement_id), None)
    if replacement is None:
        raise InvalidInput(f"{replacement_id!r} cannot replace {item_id!r} in the {module.value} module",
                           hint="Pick one of the alternatives the plan lists for it.")  # fmt: skip
    swapped = swap(plan, module=module, kind=kind, item_id=item_id, replacement=replacement)
    return update_plan(session, loop=loop, data=LoopUpdate(plan=swapped, version=version), actor=actor,
                       challenges_root=challenges_root)  # fmt: skip


# Interviews


def schedule(session: Session, *, loop: Loop, data: InterviewCreate, actor: User) -> Interview:
    """An interview for one module of the loop, stored in UTC."""
    _require_manager(actor, "schedule interviews")
    planned = {module.module: module for module in plan_of(loop).modules}
    if data.module not in planned:
        names = ", ".join(module.value for module in planned)
        raise InvalidInput(
            f"the loop has no {data.module.value} module", hint=f"Use one of: {names}, or edit the loop."
        )
    interviewer = session.get(User, data.interviewer_id)
    if interviewer is None or not interviewer.active:
        raise InvalidInput(f"there is no active user {data.interviewer_id}", hint="Pick one from GET /api/v1/users.")
    start = data.scheduled_at.astimezone(UTC) if data.scheduled_at else None
    interview = Interview(
        loop_id=loop.id,
        module=data.module.value,
        interviewer_id=interviewer.id,
        scheduled_at=start,
        minutes=data.minutes or planned[data.module].minutes,
    )
    session.add(interview)
    session.flush()
    audit.record(
        session,
        entity="loop",
        entity_id=loop.id,
        action="interview-scheduled",
        actor=actor,
        data={"interview_id": interview.id, "module": interview.module, "interviewer_id": interviewer.id},
    )
    return interview


def interviews(session: Session, *, loop: Loop) -> list[Interview]:
    """The loop's interviews in the order they happen (unscheduled last)."""
    rows = session.scalars(select(Interview).where(Interview.loop_id == loop.id).order_by(Interview.id))
    return sorted(rows, key=lambda row: (row.scheduled_at is None, _utc(row.scheduled_at), row.id))


def list_interviews(
    session: Session, *, user: User, status: InterviewStatus | None, paging: PageParams
) -> tuple[list[Interview], int]:
    """Interviews the user may see (their own, or all for managers), soonest first."""
    statement = select(Interview).order_by(Interview.scheduled_at.is_(None), Interview.scheduled_at, Interview.id)
    if not is_manager(user):
        statement = statement.where(Interview.interviewer_id == user.id)
    if status is not None:
        statement = statement.where(Interview.status == status.value)
    return paginate(session, statement, paging)


def has_scorecard(session: Session, interview: Interview) -> bool:
    """Whether the interview's scorecard is in."""
    return session.scalar(select(Scorecard.id).where(Scorecard.interview_id == interview.id)) is not None


def _utc(moment: datetime | None) -> datetime:
    """SQLite returns stored UTC times without their zone."""
    if moment is None:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def get_interview(session: Session, interview_id: int, *, user: User) -> Interview:
    """An interview in a loop the user may see."""
    interview = session.get(Interview, interview_id)
    if interview is None or not can_see(session, interview.loop, user):
        raise NotFound(f"there is no interview {interview_id}", hint="Open interviews from the loop.")
    return interview


def _require_on_interview(interview: Interview, user: User, action: str) -> None:
    if interview.interviewer_id != user.id and not is_manager(user):
        raise Forbidden(
            f"you are not the interviewer of interview {interview.id}, so you may not {action}",
            hint="Only the interviewer on it (or the hiring manager) may.",
        )


def update_interview(session: Session, *, interview: Interview, data: InterviewUpdate, user: User) -> Interview:
    """Change status, notes or time (the interviewer on it, or a manager)."""
    _require_on_interview(interview, user, "change it")
    if data.status is not None:
        interview.status = data.status.value
    if data.notes is not None:
        interview.notes = data.notes
    if data.scheduled_at is not None:
        _require_manager(user, "reschedule interviews")
        interview.scheduled_at = data.scheduled_at.astimezone(UTC)
    session.flush()
    return interview


def record_question(
    session: Session, *, interview: Interview, question_id: str, data: AskedQuestionInput, user: User
) -> AskedQuestion:
    """Record ticks (and a typed answer, graded at once) for a question asked in the interview."""
    if interview.interviewer_id != user.id:
        raise Forbidden(
            f"you are not the interviewer of interview {interview.id}",
            hint="Only the interviewer running it records what was asked.",
        )
    version = _version_to_ask(session, interview, question_id)
    rubric = version.content.get("rubric", [])
    if data.ticks and len(data.ticks) != len(rubric):
        raise InvalidInput(
            f"{question_id} has {len(rubric)} rubric points but {len(data.ticks)} ticks were sent",
            hint="Send one tick (covered, partly or missed) per rubric point, in order.",
        )
    asked = session.scalars(
        select(AskedQuestion).where(AskedQuestion.interview_id == interview.id, AskedQuestion.version_id == version.id)
    ).first()
    if asked is None:
        asked = AskedQuestion(interview_id=interview.id, version_id=version.id, question_id=question_id)
        session.add(asked)
    asked.ticks = list(data.ticks)
    if data.answer is not None and data.answer != asked.answer:
        asked.answer = data.answer
        asked.grade = _grade(session, version.id, data.answer)
    session.flush()
    return asked


def _version_to_ask(session: Session, interview: Interview, question_id: str) -> QuestionVersion:
    """The version the plan pinned for this module, else the question's current one."""
    pinned = {
        item.id: item.version
        for module in plan_of(interview.loop).modules
        if module.module == interview.module
        for item in module.questions
    }
    question = session.get(Question, question_id)
    if question is None:
        raise NotFound(f"there is no question {question_id!r} in the bank", hint="Pick one from the loop's plan.")
    number = pinned.get(question_id) or question.current_version
    version = session.scalars(
        select(QuestionVersion).where(QuestionVersion.question_id == question_id, QuestionVersion.number == number)
    ).first()
    if version is None:
        raise NotFound(
            f"version {number} of {question_id!r} is missing", hint="Reload the bank with `vetml bank load`."
        )
    return version


def _grade(session: Session, version_id: int, answer: str) -> dict[str, object] | None:
    if not answer.strip():
        return None
    return grading.grade(grading.question_for(session, version_id), answer).model_dump(mode="json")


def asked_questions(session: Session, *, interview: Interview) -> list[AskedQuestion]:
    """What was asked in the interview, in the order it was recorded."""
    statement = select(AskedQuestion).where(AskedQuestion.interview_id == interview.id).order_by(AskedQuestion.id)
    return list(session.scalars(statement))


# Scorecards, debrief and decision


def submit_scorecard(session: Session, *, interview: Interview, data: ScorecardCreate, user: User) -> Scorecard:
    """The interviewer's scorecard for their interview; one per interview, never edited afterwards."""
    if interview.interviewer_id != user.id:
        raise Forbidden(
            f"you are not the interviewer of interview {interview.id}",
            hint="Only the interviewer on an interview submits its scorecard.",
        )
    if interview.status == InterviewStatus.CANCELLED:
        raise Conflict(f"interview {interview.id} was cancelled", hint="A cancelled interview takes no scorecard.")
    if has_scorecard(session, interview):
        raise Conflict(
            f"interview {interview.id} already has your scorecard",
            hint="Scorecards are final; add anything new to the interview notes.",
        )
    _check_scorecard(session, plan_of(interview.loop), data)
    card = Scorecard(
        interview_id=interview.id,
        interviewer_id=user.id,
        ratings=dict(data.ratings),
        evidence=dict(data.evidence),
        red_flags=sorted(set(data.red_flags)),
        recommendation=data.recommendation.value,
        submitted_at=_now(),
    )
    interview.status = InterviewStatus.COMPLETED.value
    session.add(card)
    session.flush()
    return card


def _check_scorecard(session: Session, plan: LoopPlan, data: ScorecardCreate) -> None:
    known = {competency.value for competency in plan.competencies}
    unknown = sorted(set(data.ratings) - known)
    if unknown:
        raise InvalidInput(
            f"the loop does not assess {', '.join(unknown)}",
            hint=f"Rate the loop's competencies: {', '.join(sorted(known))}.",
        )
    unrated = sorted(set(data.evidence) - set(data.ratings))
    if unrated:
        raise InvalidInput(
            f"evidence given for unrated competencies: {', '.join(unrated)}",
            hint="Rate them too, or remove that evidence.",
        )
    flags = questions.shared_titles(session, questions.RED_FLAG)
    wrong = sorted(set(data.red_flags) - set(flags))
    if wrong:
        raise InvalidInput(f"unknown red flags: {', '.join(wrong)}", hint=f"Use any of: {', '.join(sorted(flags))}.")


def scorecards(session: Session, *, loop: Loop, user: User) -> list[Scorecard]:
    """The loop's scorecards; an interviewer sees them only after submitting their own."""
    cards = list(
        session.scalars(select(Scorecard).join(Interview).where(Interview.loop_id == loop.id).order_by(Scorecard.id))
    )
    if not is_manager(user) and not any(card.interviewer_id == user.id for card in cards):
        raise Forbidden(
            "submit your own scorecard before reading the others'",
            hint="Independent scorecards keep one interviewer's view from anchoring the rest.",
        )
    return cards


def debrief(session: Session, *, loop: Loop, user: User) -> Debrief:
    """Scorecards and automatic grades per competency, their disagreements and the loop's agreement."""
    assessments.close_due_written(session, candidate_id=loop.candidate_id)
    cards = scorecards(session, loop=loop, user=user)
    plan = plan_of(loop)
    competencies = [competency.value for competency in plan.competencies]
    inputs = [
        ScorecardInput(
            interviewer=f"{card.interviewer.name} ({card.interview.module})",
            ratings=card.ratings,
            evidence=card.evidence,
            red_flags=card.red_flags,
            recommendation=card.recommendation,
        )
        for card in cards
    ]
    return debriefs.summarise(
        inputs, automatic_results(session, loop=loop, competencies=set(competencies)), competencies
    )


def automatic_results(session: Session, *, loop: Loop, competencies: set[str]) -> list[AutomaticResult]:
    """Every automatic grade of the candidate's written answers (interviews and assessments), per competency."""
    graded = _interview_grades(session, loop) + _assessment_grades(session, loop.candidate_id)
    results = []
    for question_id, score in graded:
        question = session.get(Question, question_id)
        if question is None:
            continue
        assessed = item_competencies(question.category_id, [tag.tag for tag in question.tags])
        results += [
            AutomaticResult(competency=competency.value, score=float(score), source=question_id)
            for competency in assessed
            if competency.value in competencies
        ]
    return results


def _interview_grades(session: Session, loop: Loop) -> list[tuple[str, float]]:
    """Scores of answers typed during the loop's interviews."""
    statement = select(AskedQuestion).join(Interview).where(Interview.loop_id == loop.id).order_by(AskedQuestion.id)
    return [(asked.question_id, float(asked.grade["score"])) for asked in session.scalars(statement) if asked.grade]


def _assessment_grades(session: Session, candidate_id: int) -> list[tuple[str, float]]:
    """Scores of submitted assessment answers to written questions."""
    statement = (
        select(Assessment, AssessmentAnswer)
        .join(AssessmentAnswer)
        .where(Assessment.candidate_id == candidate_id, Assessment.submitted_at.is_not(None))
    )
    graded = []
    for assessment, answer in session.execute(statement):
        item = assessment.items[answer.position - 1] if 0 < answer.position <= len(assessment.items) else {}
        if item.get("kind") == "question" and answer.result and "score" in answer.result:
            graded.append((str(item["question_id"]), float(answer.result["score"])))
    return graded


def decide(session: Session, *, loop: Loop, data: DecisionCreate, actor: User) -> Decision:
    """Record hire or no hire with its rationale and the debrief as it stands; once per candidate."""
    _require_manager(actor, "decide")
    if session.scalar(select(Decision.id).where(Decision.candidate_id == loop.candidate_id)) is not None:
        raise Conflict(f"candidate {loop.candidate_id} already has a decision", hint="Decisions are final.")
    summary = debrief(session, loop=loop, user=actor)
    if not summary.recommendations or not sum(summary.recommendations.values()):
        raise InvalidInput("no scorecard has been submitted yet", hint="Decide after the interviewers have scored.")
    decision = Decision(
        candidate_id=loop.candidate_id,
        outcome=data.outcome.value,
        rationale=data.rationale,
        debrief=summary.model_dump(mode="json"),
        decided_by_id=actor.id,
        decided_at=_now(),
    )
    session.add(decision)
    session.flush()
    audit.record(
        session,
        entity="candidate",
        entity_id=loop.candidate_id,
        action="decision",
        actor=actor,
        reason=data.rationale,
        data={"outcome": data.outcome.value},
    )
    return decision


def decision_of(session: Session, *, loop: Loop) -> Decision:
    """The candidate's decision."""
    decision = session.scalars(select(Decision).where(Decision.candidate_id == loop.candidate_id)).first()
    if decision is None:
        raise NotFound(f"candidate {loop.candidate_id} has no decision yet", hint="Record one after the debrief.")
    return decision
