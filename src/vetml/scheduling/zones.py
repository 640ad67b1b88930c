"""IANA time zones: checked once with a helpful error, and instants shown in a person's own zone."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import process

from vetml.errors import InvalidInput


@cache
def known_zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


@cache
def _zone_set() -> frozenset[str]:
    return frozenset(known_zones())


def zone(name: str) -> ZoneInfo:
    """The zone called ``name``, or an error naming the closest real zones."""
    cleaned = name.strip()
    if cleaned in _zone_set() or cleaned == "UTC":
        return ZoneInfo(cleaned)
    guesses = [match for match, _score, _index in process.extract(cleaned, known_zones(), limit=3)] if cleaned else []
    hint = f"Did you mean {', '.join(guesses)}?" if guesses else "Use an IANA name such as Europe/Berlin."
    raise InvalidInput(f"{name!r} is not an IANA time zone", hint=f"{hint} Offsets like +05:30 shift with DST rules.")


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC instant; naive values (SQLite reads) are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_label(instant: datetime, zone_name: str, *, with_zone: bool = True) -> str:
    """``Tue 8 Dec 2026, 09:30 IST`` for ``instant`` seen in ``zone_name``."""
    local = utc(instant).astimezone(zone(zone_name))
    label = f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
    return f"{label} {abbreviation(local)}" if with_zone else label


def abbreviation(local: datetime) -> str:
    """The zone's short name at that moment, or its UTC offset when the database has only numbers."""
    name = local.tzname() or ""
    if name and not name.lstrip("+-").isdigit():
        return name
    return "UTC" + offset_label(local)


def offset_label(local: datetime) -> str:
    """``+05:45`` for a local time in Nepal."""
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
