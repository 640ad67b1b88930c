"""Emailing invites over SMTP: one message per attendee, with the time and the .ics in their own zone.

Each message carries the invite twice, as a text/calendar alternative (what mail clients turn into
accept/decline buttons) and as an invite.ics attachment (for clients that only import files).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from http import HTTPStatus

from vetml.config import Settings
from vetml.errors import VetmlError
from vetml.scheduling.invites import InviteEvent, Method, Person, check_event, invite_ics, times_in_zones
from vetml.scheduling.zones import local_label


class MailNotSent(VetmlError):
    """The SMTP server could not be reached or refused the message."""

    status = HTTPStatus.BAD_GATEWAY
    title = "Email not sent"


def mail_configured(settings: Settings) -> bool:
    """Whether invites can be emailed; without VETML_SMTP_HOST they are only offered as downloads."""
    return bool(settings.smtp_host and settings.smtp_host.strip())


def invite_message(event: InviteEvent, *, recipient: Person, method: Method, sender: str) -> EmailMessage:
    """The email for one recipient: a plain-text summary in their zone plus the invite as .ics."""
    ics = invite_ics(event, zone=recipient.zone, method=method)
    message = EmailMessage()
    message["Subject"] = _subject(event, recipient, method)
    message["From"] = sender
    message["To"] = formataddr((_one_line(recipient.name), recipient.email))
    message["Message-ID"] = make_msgid(domain=recipient.email.rsplit("@", 1)[1])
    message.set_content(_body(event, recipient, method))
    message.add_alternative(ics, maintype="text", subtype="calendar", params={"method": method, "charset": "utf-8"})
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return message


def _one_line(text: str) -> str:
    """Header text on one line, so a name or title cannot add headers."""
    return " ".join(text.split())


def _subject(event: InviteEvent, recipient: Person, method: Method) -> str:
    when = local_label(event.start, recipient.zone)
    prefix = "Cancelled" if method == "CANCEL" else "Updated invitation" if event.sequence else "Invitation"
    return _one_line(f"{prefix}: {event.summary} @ {when}")


def _body(event: InviteEvent, recipient: Person, method: Method) -> str:
    """What, when for the reader (and in UTC), and when for everyone else on the interview."""
    ((_reader, yours),) = times_in_zones(event, [recipient])
    ((_utc, in_utc),) = times_in_zones(event, [Person("UTC", recipient.email, "UTC")])
    people = [event.organizer, *(person for person in event.attendees if person.email != event.organizer.email)]
    lines = [
        "This interview is cancelled." if method == "CANCEL" else f"You are invited: {_one_line(event.summary)}",
        "",
        f"When (your time, {recipient.zone}): {yours}",
        f"In UTC: {in_utc}",
    ]
    if event.location:
        lines.append(f"Where: {event.location}")
    lines += ["", "Who, each in their own time zone:"]
    lines += [f"- {_one_line(person.name)} ({person.zone}): {label}" for person, label in times_in_zones(event, people)]
    if event.description:
        lines += ["", event.description]
    return "\n".join(lines) + "\n"


def recipients(event: InviteEvent) -> list[Person]:
    """Attendees once each by address; the organizer sends the invite and is not mailed it."""
    chosen: dict[str, Person] = {}
    for person in event.attendees:
        if person.email.lower() != event.organizer.email.lower():
            chosen.setdefault(person.email.lower(), person)
    return list(chosen.values())


def send_invites(settings: Settings, event: InviteEvent, *, method: Method = "REQUEST") -> list[str]:
    """Email each attendee their invite over one SMTP connection; returns the addresses the server took."""
    if not mail_configured(settings):
        raise MailNotSent("email is not configured", hint="Set VETML_SMTP_HOST (and the other VETML_SMTP_ settings).")
    check_event(event)
    messages = [
        invite_message(event, recipient=person, method=method, sender=settings.mail_from)
        for person in recipients(event)
    ]
    sent: list[str] = []
    try:
        with _connect(settings) as smtp:
            for person, message in zip(recipients(event), messages, strict=True):
                smtp.send_message(message, from_addr=_envelope_sender(settings), to_addrs=[person.email])
                sent.append(person.email)
    except smtplib.SMTPAuthenticationError as error:
        raise MailNotSent(
            f"the SMTP server {_where(settings)} refused the login ({error.smtp_code})",
            hint="Check VETML_SMTP_USERNAME and VETML_SMTP_PASSWORD.",
            details=sent,
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        raise MailNotSent(
            f"the SMTP server {_where(settings)} refused {', '.join(sorted(error.recipients))}",
            hint="Check the address; the other invites listed were sent.",
            details=sent,
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailNotSent(
            f"the SMTP server {_where(settings)} does not offer STARTTLS",
            hint="Use a server with STARTTLS; only for a local relay set VETML_SMTP_STARTTLS=false.",
            details=sent,
        ) from None
    except (smtplib.SMTPException, OSError) as error:  # OSError covers refused connections, DNS and timeouts
        raise MailNotSent(
            f"could not send through the SMTP server {_where(settings)}: {_cause(error)}",
            hint="Check VETML_SMTP_HOST and VETML_SMTP_PORT and that the server is running.",
            details=sent,
        ) from None
    return sent


def _connect(settings: Settings) -> smtplib.SMTP:
    """An SMTP session, upgraded to TLS and logged in as configured."""
    smtp = smtplib.SMTP(settings.smtp_host or "", settings.smtp_port, timeout=settings.smtp_timeout)
    try:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            smtp.login(settings.smtp_username, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _envelope_sender(settings: Settings) -> str:
    """The bare address of VETML_MAIL_FROM for the SMTP envelope."""
    return parseaddr(settings.mail_from)[1] or "no-reply@localhost"


def _where(settings: Settings) -> str:
    return f"{settings.smtp_host}:{settings.smtp_port}"


def _cause(error: Exception) -> str:
    """A short cause that never echoes what was sent (the login exchange can contain the password)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"it answered {error.smtp_code}"
    if isinstance(error, TimeoutError):
        return "no answer in time"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "unknown host"
    return type(error).__name__
