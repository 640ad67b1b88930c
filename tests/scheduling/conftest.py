"""Shared scheduling fixtures: a real SMTP server that keeps what it receives."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives and refuses addresses at refused.example."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd finds hooks by this name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.endswith("@refused.example"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd finds hooks by this name
        self,
        server: Any,
        session: Any,
        envelope: Any,
    ) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on a free local port, stopped after the test."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def calendar_part(message: EmailMessage) -> Calendar:
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_param("method") in ("REQUEST", "CANCEL")
    return Calendar.from_ical(part.get_payload(decode=True))
