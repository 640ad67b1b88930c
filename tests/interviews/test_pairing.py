"""Pair programming's domain rules on SQLite and PostgreSQL: who may join, the candidate's link, storage and replay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.interviews.pair_factories import PairTeam, Typist, create_pair_team
from vetml.accounts.models import User
from vetml.config import Settings
from vetml.errors import Forbidden, Gone, NotFound
from vetml.interviews import pairing
from vetml.interviews.models import Interview
from vetml.interviews.pairing import PairRole, Participant

SETTINGS = Settings(secret_key="pair-tests-" + "k" * 40)


@pytest.fixture
def team(session: Session) -> PairTeam:
    """The interview and its people, flushed into the test's session."""
    return create_pair_team(session)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    assert user is not None
    return user


def _interview(session: Session, team: PairTeam) -> Interview:
    interview = session.get(Interview, team.interview_id)
    assert interview is not None
    return interview


def test_the_interviewer_and_managers_may_join_but_not_other_interviewers(session: Session, team: PairTeam) -> None:
    ana = pairing.staff_participant(session, interview_id=team.interview_id, user=_user(session, team.interviewer_id))
    assert (ana.role, ana.name, ana.user_id) == (PairRole.INTERVIEWER, "Ana Interviewer", team.interviewer_id)
    maya = pairing.staff_participant(session, interview_id=team.interview_id, user=_user(session, team.manager_id))
    assert maya.role is PairRole.MANAGER
    with pytest.raises(NotFound):  # Olga is on no loop of this candidate, so the interview does not exist for her
        pairing.staff_participant(session, interview_id=team.interview_id, user=_user(session, team.outsider_id))
    with pytest.raises(NotFound):
        pairing.staff_participant(session, interview_id=team.interview_id + 999, user=_user(session, team.manager_id))


def test_an_interviewer_on_the_same_loop_but_another_interview_is_refused(session: Session, team: PairTeam) -> None:
    interview = _interview(session, team)
    session.add(Interview(loop_id=interview.loop_id, module="ml-design", interviewer_id=team.outsider_id, minutes=45))
    session.flush()
    with pytest.raises(Forbidden):
        pairing.staff_participant(session, interview_id=team.interview_id, user=_user(session, team.outsider_id))


def test_the_candidate_link_works_until_it_expires_is_replaced_or_the_interview_ends(
    session: Session, team: PairTeam
) -> None:
    interview = _interview(session, team)
    pair = pairing.pair_session(session, interview)
    assert pairing.pair_session(session, interview).id == pair.id  # made once
    issued = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    token = pairing.link_token(SETTINGS, pair, now=issued)
    assert pairing.link_expires_at(SETTINGS, token) == issued + pairing.LINK_VALID

    candidate = pairing.candidate_participant(session, settings=SETTINGS, token=token, now=issued + timedelta(hours=1))
    assert candidate == Participant(interview_id=team.interview_id, role=PairRole.CANDIDATE, name="Chandra")
    with pytest.raises(Gone, match="expired"):
        pairing.candidate_participant(session, settings=SETTINGS, token=token, now=issued + pairing.LINK_VALID)

    pairing.new_link(session, interview=interview, user=_user(session, team.interviewer_id))
    with pytest.raises(Gone, match="replaced"):
        pairing.candidate_participant(session, settings=SETTINGS, token=token, now=issued)
    fresh = pairing.link_token(SETTINGS, pair)
    assert pairing.candidate_participant(session, settings=SETTINGS, token=fresh).role is PairRole.CANDIDATE

    interview.status = "completed"
    session.flush()
    with pytest.raises(Gone, match="completed"):
        pairing.candidate_participant(session, settings=SETTINGS, token=fresh)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: "",
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_invalid_and_says_nothing_more(session: Session, team: PairTeam, tamper: object) -> None:
    pair = pairing.pair_session(session, _interview(session, team))
    token = pairing.link_token(SETTINGS, pair)
    assert callable(tamper)
    with pytest.raises(NotFound) as refused:
        pairing.candidate_participant(session, settings=SETTINGS, token=tamper(token))
    assert refused.value.message == pairing.INVALID_LINK


def test_a_link_signed_with_another_key_is_invalid(session: Session, team: PairTeam) -> None:
    pair = pairing.pair_session(session, _interview(session, team))
    other = Settings(secret_key="another-key-" + "z" * 40)
    with pytest.raises(NotFound):
        pairing.candidate_participant(session, settings=SETTINGS, token=pairing.link_token(other, pair))


def test_only_people_on_the_interview_may_replace_the_link(session: Session, team: PairTeam) -> None:
    interview = _interview(session, team)
    before = pairing.pair_session(session, interview).nonce
    with pytest.raises(Forbidden):
        pairing.new_link(session, interview=interview, user=_user(session, team.outsider_id))
    assert pairing.new_link(session, interview=interview, user=_user(session, team.manager_id)).nonce != before


def test_stored_updates_rebuild_the_document_and_replay_each_step(session: Session, team: PairTeam) -> None:
    interview = _interview(session, team)
    pair = pairing.pair_session(session, interview)
    ana = Participant(team.interview_id, PairRole.INTERVIEWER, "Ana Interviewer", team.interviewer_id)
    chandra = Participant(team.interview_id, PairRole.CANDIDATE, "Chandra")
    typist = Typist()
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    edits = [
        (ana, typist.insert(0, "def solve(xs):\n")),
        (chandra, typist.insert(15, "    return sorted(xs)\n")),
        (chandra, typist.delete(26, 32)),
    ]
    for minute, (who, payload) in enumerate(edits):
        when = start + timedelta(minutes=minute)
        pairing.record_update(session, pair=pair, participant=who, payload=payload, now=when)
    session.commit()

    rows = pairing.updates(session, pair)
    assert [row.author_name for row in rows] == ["Ana Interviewer", "Chandra", "Chandra"]
    assert rows[0].author_user_id == team.interviewer_id and rows[1].author_user_id is None
    assert pairing.stored_bytes(session, pair) == sum(len(payload) for _, payload in edits)
    rebuilt = pairing.rebuild(row.payload for row in rows)
    assert pairing.text_of(rebuilt) == "def solve(xs):\n    return (xs)\n" == str(typist.text)

    replay = pairing.replay(session, interview=interview)
    assert [step.text for step in replay.steps] == [
        "def solve(xs):\n",
        "def solve(xs):\n    return sorted(xs)\n",
        "def solve(xs):\n    return (xs)\n",
    ]
    assert [(step.step, step.role) for step in replay.steps] == [(1, "interviewer"), (2, "candidate"), (3, "candidate")]
    assert replay.steps[2].at == start + timedelta(minutes=2)


def test_updates_arriving_out_of_order_still_rebuild_the_same_document(session: Session, team: PairTeam) -> None:
    typist = Typist()
    first, second = typist.insert(0, "abc"), typist.insert(3, "def")
    assert pairing.text_of(pairing.rebuild([second, first])) == "abcdef"  # Yjs holds the later edit until it fits


def test_an_interview_without_a_session_replays_nothing(session: Session, team: PairTeam) -> None:
    assert pairing.replay(session, interview=_interview(session, team)).steps == []


def test_room_names_map_to_interviews_and_nothing_else() -> None:
    assert pairing.interview_of_room(pairing.room_name(42)) == 42
    for name in ["interview-", "interview--1", "interview-4x", "room-4", "interview-" + "9" * 40, "interview-٣"]:
        assert pairing.interview_of_room(name) is None, name
