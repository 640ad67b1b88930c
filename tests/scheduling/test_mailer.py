"""Emailed invites, received by a real local SMTP server: one per attendee, each in their own zone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from icalendar import Calendar

from tests.scheduling.conftest import Inbox, calendar_part, free_port
from tests.scheduling.samples import CANDIDATE, INTERVIEWER, ORGANIZER, create_event
from vetml.config import Settings
from vetml.scheduling.invites import Person
from vetml.scheduling.mailer import MailNotSent, invite_message, mail_configured, send_invites

SECRET = "hunter2-not-for-logs"


def mail_settings(port: int, **changes: Any) -> Settings:
    values: dict[str, Any] = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False, "smtp_timeout": 5}
    return Settings(**(values | changes))


def test_each_attendee_gets_their_own_invite_in_their_own_zone(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    event = create_event(start=datetime(2026, 3, 10, 14, 0, tzinfo=UTC))
    sent = send_invites(mail_settings(port, mail_from="Hiring <hiring@hire.example>"), event, method="REQUEST")
    assert sent == [CANDIDATE.email, INTERVIEWER.email]
    assert [recipients for recipients, _message in inbox.received] == [[CANDIDATE.email], [INTERVIEWER.email]]
    by_address = {recipients[0]: message for recipients, message in inbox.received}

    candidate = by_address[CANDIDATE.email]
    assert candidate["Subject"] == "Invitation: System design interview @ Tue 10 Mar 2026, 19:30 IST"
    assert candidate["From"] == "Hiring <hiring@hire.example>"
    assert candidate["To"] == "Kiran Rao <kiran@mail.example>"
    body = candidate.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "When (your time, Asia/Kolkata): Tue 10 Mar 2026, 19:30–20:15 IST" in text
    assert "In UTC: Tue 10 Mar 2026, 14:00–14:45 UTC" in text
    assert "- Sam Lee (America/New_York): Tue 10 Mar 2026, 10:00–10:45 EDT" in text
    assert "- Rita Recruiter (Europe/London): Tue 10 Mar 2026, 14:00–14:45 GMT" in text

    calendar = calendar_part(candidate)
    assert str(calendar["METHOD"]) == "REQUEST"
    (vevent,) = calendar.events
    assert vevent["DTSTART"].params["TZID"] == "Asia/Kolkata"
    assert vevent.start.astimezone(UTC) == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    (attachment,) = list(candidate.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert Calendar.from_ical(attachment.get_content()).events[0].start == vevent.start

    interviewer_calendar = calendar_part(by_address[INTERVIEWER.email])
    assert interviewer_calendar.events[0]["DTSTART"].params["TZID"] == "America/New_York"
    assert interviewer_calendar.events[0].start.astimezone(UTC) == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def test_a_cancellation_is_mailed_with_method_cancel(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    send_invites(mail_settings(port), create_event(sequence=3), method="CANCEL")
    _recipients, message = inbox.received[0]
    assert message["Subject"].startswith("Cancelled: System design interview")
    calendar = calendar_part(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert (str(calendar.events[0]["STATUS"]), calendar.events[0].sequence) == ("CANCELLED", 3)


def test_the_organizer_is_not_mailed_and_duplicates_get_one_email(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    twice = Person("Kiran R.", CANDIDATE.email.upper(), "Asia/Kolkata")
    sent = send_invites(mail_settings(port), create_event(attendees=(CANDIDATE, twice, ORGANIZER)))
    assert sent == [CANDIDATE.email]
    assert len(inbox.received) == 1


def test_a_refused_recipient_is_named_and_the_others_are_reported_sent(smtp_server: tuple[Inbox, int]) -> None:
    _inbox, port = smtp_server
    ghost = Person("Ghost", "ghost@refused.example", "UTC")
    with pytest.raises(MailNotSent, match=r"refused ghost@refused\.example") as caught:
        send_invites(mail_settings(port), create_event(attendees=(CANDIDATE, ghost)))
    assert caught.value.details == [CANDIDATE.email]
    assert caught.value.status == 502


def test_starttls_that_the_server_does_not_offer_is_an_error_not_plain_text(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    with pytest.raises(MailNotSent, match="does not offer STARTTLS"):
        send_invites(mail_settings(port, smtp_starttls=True), create_event())
    assert inbox.received == []


def test_an_unreachable_server_gives_a_clear_error_without_the_password() -> None:
    settings = mail_settings(free_port(), smtp_username="vetml", smtp_password=SECRET, smtp_timeout=2)
    with pytest.raises(
        MailNotSent, match=r"could not send through the SMTP server 127\.0\.0\.1:\d+: connection refused"
    ):
        send_invites(settings, create_event())
    try:
        send_invites(settings, create_event())
    except MailNotSent as error:
        assert SECRET not in f"{error} {error.hint} {error.details} {error.__cause__!r} {error.__context__!r}"


def test_mail_is_configured_only_with_a_host() -> None:
    assert mail_configured(Settings()) is False
    assert mail_configured(Settings(smtp_host="  ")) is False
    assert mail_configured(Settings(smtp_host="smtp.example")) is True
    with pytest.raises(MailNotSent, match="not configured"):
        send_invites(Settings(), create_event())


def test_a_hostile_name_or_title_cannot_add_headers() -> None:
    sneaky = Person("Eve\r\nBcc: spy@evil.example", "eve@mail.example", "UTC")
    message = invite_message(
        create_event(summary="Chat\nBcc: spy@evil.example"), recipient=sneaky, method="REQUEST", sender="v@x.example"
    )
    headers = message.as_bytes().split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers
    assert message["Bcc"] is None
    assert message["To"] == '"Eve Bcc: spy@evil.example" <eve@mail.example>'
