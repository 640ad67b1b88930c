"""The simulated candidates of `vetml bench load`: each opens their assessment, types with an autosave every few
seconds (jittered), runs a challenge's examples once, saves their final code and hands in.

A candidate behaves like the assessment page's script: a 503 or 429 is sent again after its Retry-After
(a few times), and the text a candidate counts as saved is only what the server acknowledged.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx2

from vetml.tasks.bench_figures import NO_ANSWER, Recorder
from vetml.tasks.bench_seed import Seat

RETRIES = 3
RETRY_STATUSES = (429, 503)
REQUEST_TIMEOUT_S = 120.0  # an examples run may wait behind hand-ins; a slower answer counts as no answer
RAMP_SHARE = 0.1  # candidates arrive over the first tenth of the day, not all in the same millisecond
HTML = {"Accept": "text/html"}


@dataclass
class Outcome:
    """What the server told one candidate: the last text acknowledged per position, and whether the hand-in was."""

    token: str
    saved: dict[int, str] = field(default_factory=dict)
    handed_in: bool = False


@dataclass(frozen=True)
class Day:
    """How the day goes: how long candidates type for and how often their page autosaves."""

    duration_s: float
    autosave_every_s: float
    finish_spread: float = 0.0  # share of the typing time by which a candidate may finish early (0: all together)
    seed: int = 2026


async def run_crowd(base_url: str, seats: list[Seat], day: Day, recorder: Recorder) -> list[Outcome]:
    """Every seat's candidate at once against ``base_url``; their outcomes in seat order."""
    limits = httpx2.Limits(max_connections=len(seats) + 10, max_keepalive_connections=len(seats) + 10)
    async with httpx2.AsyncClient(base_url=base_url, timeout=REQUEST_TIMEOUT_S, limits=limits) as client:
        chooser = random.Random(day.seed)
        runs = [_Candidate(client, seat, day, recorder, random.Random(chooser.random())).run() for seat in seats]
        return list(await asyncio.gather(*runs))


class _Candidate:
    def __init__(self, client: httpx2.AsyncClient, seat: Seat, day: Day, recorder: Recorder,
                 chooser: random.Random) -> None:  # fmt: skip
        self.client, self.seat, self.day, self.recorder, self.chooser = client, seat, day, recorder, chooser
        self.outcome = Outcome(seat.token)
        self.api = f"/api/v1/assess/{seat.token}"

    async def run(self) -> Outcome:
        await asyncio.sleep(self.chooser.uniform(0, self.day.duration_s * RAMP_SHARE))
        await self._send("page", "GET", f"/assess/{self.seat.token}", headers=HTML)  # the start screen
        await self._send("open", "GET", self.api)  # starts the clock
        await self._send("page", "GET", f"/assess/{self.seat.token}", headers=HTML)  # the items
        typing_s = self.day.duration_s * (1 - RAMP_SHARE) * (1 - self.day.finish_spread * self.chooser.random())
        await self._type_until(time.monotonic() + typing_s)
        for item in self.seat.items:
            kind = "submit" if item.kind == "challenge" else "autosave"
            await self._save(kind, item.position, item.final_text)
        status = await self._send("hand-in", "POST", f"{self.api}/submit")
        self.outcome.handed_in = status == 200
        return self.outcome

    async def _type_until(self, end: float) -> None:
        """Autosave growing drafts of random items; run one challenge's examples once, halfway through."""
        keystrokes, halfway, ran = 0, time.monotonic() + (end - time.monotonic()) / 2, False
        while time.monotonic() < end:
            await asyncio.sleep(self.day.autosave_every_s * self.chooser.uniform(0.5, 1.5))
            item = self.chooser.choice(self.seat.items)
            keystrokes += self.chooser.randint(5, 60)
            await self._save("autosave", item.position, item.final_text[:keystrokes])
            if not ran and time.monotonic() >= halfway:
                code = self.seat.challenges()[0]
                await self._send("run", "POST", f"{self.api}/examples/{code.position}", json={"text": code.final_text})
                ran = True

    async def _save(self, kind: str, position: int, text: str) -> None:
        if await self._send(kind, "PUT", f"{self.api}/answers/{position}", json={"text": text}) == 200:
            self.outcome.saved[position] = text

    async def _send(self, kind: str, method: str, path: str, **options: Any) -> int:
        """Send one request, again after Retry-After when the server asks; the last status (0: no answer)."""
        status = NO_ANSWER
        for _attempt in range(RETRIES + 1):
            started = time.perf_counter()
            try:
                response = await self.client.request(method, path, **options)
                status, wait = response.status_code, float(response.headers.get("Retry-After", "1"))
            except httpx2.HTTPError:
                status, wait = NO_ANSWER, 1.0
            self.recorder.record(kind, status, time.perf_counter() - started)
            if status not in RETRY_STATUSES:
                return status
            await asyncio.sleep(wait * self.chooser.uniform(1.0, 1.5))
        return status
