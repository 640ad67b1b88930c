"""The judge's side of the sandbox: one worker slot, its warm zygotes, and the current submission's runner.

Each worker slot has its own uid, so the per-uid process limit of one slot never starves another,
and two warm zygotes (``zygotes.py``): one with numpy imported, for code that uses the numerical
libraries, and a plain one for everything else. Forking a process with numpy loaded costs about
0.7 ms more CPU per submission (more pages to copy, fault in and tear down), which is a fifth of
a small submission's cost. The judge talks to the runner of the current submission directly and
enforces the wall-clock and output limits itself; a zygote is asked only to create a runner, kill
it, or say how it ended.
"""

from __future__ import annotations

import json
import os
import re
import select
import time
from dataclasses import dataclass, field
from typing import Any

from vetml.judge import codec
from vetml.judge.zygotes import FIRST_UID, Runner, SandboxFault, ZygoteProcess

__all__ = ["Reply", "Sandbox", "SandboxFault", "uses_numeric_libraries"]

# numpy only: a zygote with pandas loaded costs about 4 ms more CPU per submission to clone and tear
# down (measured); candidates who use pandas import it in their own process, at load time.
NUMERIC_PRELOAD = ("numpy",)
# Code that names one of these is forked from the zygote that has numpy imported (they all need it).
NUMERIC_LIBRARIES = re.compile(r"\b(numpy|pandas|scipy|sklearn)\b")
# Arguments of these types make the runner import numpy or pandas while decoding them.
LIBRARY_TAGS = (b'"$ndarray"', b'"$list_array"', b'"$frame"', b'"$series"')
LOAD_TIMEOUT_S = 20.0
ARGUMENT_ALLOWANCE_S = 20.0  # time to move a call's arguments in, before the test's own clock starts
ENCODE_BASE_S, ENCODE_BYTES_PER_S = 1.0, 4 * 1024 * 1024  # what encoding a result may take after "finished"
# A call whose request is at most this size is decoded in well under a millisecond: its clock starts
# when it is sent, which saves the runner's "started" frame and one wake-up of the judge per call.
SMALL_REQUEST = 64 * 1024
KEEP_OUTPUT = 64 * 1024
MAX_MESSAGE = 64 * 1024 * 1024
_TOO_LARGE = b""
_STARTED = codec.dumps({"status": "started"})[codec.HEADER.size :]
_FINISHED = codec.dumps({"status": "finished"})[codec.HEADER.size :]


def slot_cpu(slot: int) -> int:
    """The CPU a pinned worker slot runs on: slots take this process's allowed CPUs in turn."""
    allowed = sorted(os.sched_getaffinity(0))
    return allowed[slot % len(allowed)]


def pinning_pays(slots: int) -> bool:
    """Pin slots to CPUs when every CPU has a slot of its own to keep busy."""
    return slots >= len(os.sched_getaffinity(0))


def uses_numeric_libraries(source: str, modules: dict[str, str] | None = None) -> bool:
    """Whether the code names numpy, pandas, scipy or scikit-learn (then it gets numpy preloaded).

    A mention is enough: a false positive only costs the submission a slightly slower fork, and
    code that imports numpy without naming it still works, paying for the import at load time.
    """
    return any(NUMERIC_LIBRARIES.search(text) for text in (source, *(modules or {}).values()))


@dataclass
class Reply:
    """What the sandbox answered to one request."""

    status: str
    error: str = ""
    exception: str = ""
    wall_ms: float = 0.0
    run_ms: float = 0.0
    memory_kb: int = 0
    output: str = ""
    output_bytes: int = 0
    value: Any = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """The request succeeded; for a call, the function returned normally."""
        return self.status == "ok"


class Sandbox:
    """One worker slot: its warm zygotes and the runner of the current submission."""

    def __init__(
        self, *, slot: int = 0, unsafe_no_sandbox: bool = False, output_limit: int = 1 << 20, pin_cpu: bool = False
    ) -> None:
        self.slot = slot
        self.uid = FIRST_UID + slot
        self.unsafe = unsafe_no_sandbox
        self.output_limit = output_limit
        self.cpu = slot_cpu(slot) if pin_cpu else None
        self.numeric = ZygoteProcess(uid=self.uid, preload=NUMERIC_PRELOAD, unsafe=unsafe_no_sandbox, cpu=self.cpu)
        self.plain = ZygoteProcess(uid=self.uid, preload=(), unsafe=unsafe_no_sandbox, cpu=self.cpu)
        self.runner: Runner | None = None
        self.runner_zygote: ZygoteProcess | None = None

    def pin_caller(self) -> None:
        """Run the calling thread on the slot's CPU too, beside the candidate's process.

        Every call of the candidate's function is a round trip between the judge and the runner;
        on one CPU it is a plain switch between two processes instead of a wake-up sent to another
        CPU, which on virtual machines is slow. Measured with one slot per CPU: per-call overhead
        down by a third, and the whole HumanEval benchmark about 15% faster. With fewer slots than
        CPUs, leave slots unpinned (the default): the zygote then prepares the next runner on an
        otherwise idle CPU.
        """
        if self.cpu is not None:
            os.sched_setaffinity(0, {self.cpu})

    @property
    def zygotes(self) -> tuple[ZygoteProcess, ZygoteProcess]:
        """Both zygotes of the slot."""
        return self.numeric, self.plain

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start both zygotes (side by side) and wait until they have imported their libraries."""
        try:
            for zygote in self.zygotes:
                zygote.launch()
            for zygote in self.zygotes:
                zygote.ready()
        except SandboxFault:
            self.close()
            raise

    def close(self) -> None:
        """Stop the zygotes and everything they started."""
        self._drop_runner()
        for zygote in self.zygotes:
            zygote.close()

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- requests ----------------------------------------------------------------------------

    def load(
        self, source: str, *, entry: str | None, modules: dict[str, str] | None = None, limits: dict[str, Any]
    ) -> Reply:
        """Take a fresh runner for a submission and compile its code in it."""
        self._drop_runner()
        zygote = self.numeric if uses_numeric_libraries(source, modules) else self.plain
        self.runner, self.runner_zygote = zygote.take_runner(), zygote
        request = {"op": "load", "source": source, "entry": entry, "modules": modules or {}, "limits": limits}
        return self._exchange(codec.dumps(request), timeout_s=LOAD_TIMEOUT_S)

    def call(self, args: tuple[Any, ...], kwargs: dict[str, Any], *, time_ms: int, repeat: int = 1) -> Reply:
        """Call the loaded function once (or ``repeat`` times); the value comes back decoded."""
        request = {
            "op": "call",
            "args": codec.encode(list(args)),
            "kwargs": codec.encode(dict(kwargs)),
            "repeat": repeat,
            "ack": False,  # last key: switched below without serialising a large request twice
        }
        body = codec.dumps(request)[codec.HEADER.size :]
        ack = len(body) > SMALL_REQUEST or any(tag in body for tag in LIBRARY_TAGS)
        if ack:
            body = body[: -len(b"false}")] + b"true}"
        reply = self._exchange(codec.HEADER.pack(len(body)) + body, timeout_s=time_ms / 1000, ack=ack, call=True)
        return _decoded(reply, "the returned value")

    def run_tests(self, *, time_ms: int) -> Reply:
        """Run every test function of the loaded code; the value is a list of {name, passed, error}."""
        reply = self._exchange(codec.dumps({"op": "run_tests"}), timeout_s=time_ms / 1000)
        return _decoded(reply, "the test results")

    def stop(self) -> None:
        """End the current submission's process; nothing it left behind survives."""
        self._drop_runner()

    def ping(self) -> dict[str, Any]:
        """The numeric zygote's pid and uid, to show the slot answers."""
        self.start()
        return self.numeric.request({"op": "ping"}, timeout_s=10.0)

    # -- the runner ----------------------------------------------------------------------------

    def _exchange(self, frame: bytes, *, timeout_s: float, ack: bool = False, call: bool = False) -> Reply:
        """Send one request to the runner and wait for its reply within the limits.

        With ``ack`` (a call with large arguments), the clock starts when the runner says it has
        decoded them and is about to call the candidate's function: moving a large input is not the
        candidate's time. For a ``call``, the runner may say "finished" before encoding a large
        result; the clock stops there.
        """
        runner = self.runner
        if runner is None:
            raise SandboxFault("no code is loaded")
        waiting_for_ack = ack
        header: dict[str, Any] | None = None
        finished: float | None = None
        received = 0  # bytes of the reply after "finished"
        started = time.perf_counter()
        pending = self._write(runner, memoryview(frame))  # the pipe is empty: usually all of it fits
        deadline = started + (ARGUMENT_ALLOWANCE_S if waiting_for_ack else timeout_s)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return self._ended(runner, "time_limit", "", started)
            readers = [runner.from_runner, runner.output] if runner.output_open else [runner.from_runner]
            readable, writable, _ = select.select(readers, [runner.to_runner] if pending else [], [], remaining)
            if writable:
                pending = self._write(runner, pending)
            if runner.output in readable and not self._drain_output(runner):
                return self._ended(runner, "output_limit", f"printed more than {self.output_limit} bytes", started)
            if runner.from_runner not in readable:
                continue
            chunk = os.read(runner.from_runner, 1 << 20)
            if not chunk:
                return self._died(runner, started)
            runner.incoming += chunk
            while (frame_in := _take_frame(runner.incoming)) is not None:
                if frame_in is _TOO_LARGE:
                    return self._ended(runner, "output_limit", "the returned value is larger than 64 MB", started)
                if waiting_for_ack and frame_in == _STARTED:
                    waiting_for_ack, started = False, time.perf_counter()
                    deadline = started + timeout_s
                elif call and frame_in == _FINISHED and finished is None:
                    finished = time.perf_counter()
                    deadline = finished + ARGUMENT_ALLOWANCE_S
                elif header is None:
                    # A header announcing a value is sent once the value is encoded: its time is judged
                    # with the value's size, when the value arrives.
                    header, received = _parse_header(frame_in), received + len(frame_in)
                    if not (header.get("has_value") and header["status"] == "ok"):
                        if (overrun := _kept_running(finished, received)) is not None:
                            return self._ended(runner, "time_limit", overrun, started)
                        return self._finish(runner, header, None, started, finished)
                elif (overrun := _kept_running(finished, received + len(frame_in))) is not None:
                    return self._ended(runner, "time_limit", overrun, started)
                else:
                    return self._finish(runner, header, json.loads(frame_in), started, finished)

    @staticmethod
    def _write(runner: Runner, pending: memoryview) -> memoryview:
        try:
            written = os.write(runner.to_runner, pending[:65536])
        except BlockingIOError:
            return pending
        except BrokenPipeError:
            return memoryview(b"")
        return pending[written:]

    def _drain_output(self, runner: Runner) -> bool:
        """Read what the candidate printed; False once it printed more than its limit."""
        try:
            chunk = os.read(runner.output, 65536)
        except BlockingIOError:
            return True
        if not chunk:
            runner.output_open = False
            return True
        runner.printed_total += len(chunk)
        room = KEEP_OUTPUT - len(runner.printed)
        if room > 0:
            runner.printed += chunk[:room]
        return runner.printed_total <= self.output_limit

    def _drain_printed_so_far(self, runner: Runner) -> None:
        """Collect what the candidate has already printed, without waiting for more.

        The runner flushes the candidate's output before it replies, so whatever was printed is in
        the pipe by now; the pipe is non-blocking and an empty read ends the loop.
        """
        while runner.output_open:
            before = runner.printed_total
            if not self._drain_output(runner) or runner.printed_total == before:
                return

    def _finish(
        self, runner: Runner, header: dict[str, Any], value: Any, started: float, finished: float | None = None
    ) -> Reply:
        header["wall_ms"] = ((finished or time.perf_counter()) - started) * 1000
        self._drain_printed_so_far(runner)
        header["output"] = runner.printed.decode("utf-8", "replace")
        header["output_bytes"] = runner.printed_total
        runner.printed.clear()
        reply = _reply(header, value)
        if reply.status == "memory_limit":
            self._drop_runner()
        return reply

    def _ended(self, runner: Runner, status: str, error: str, started: float) -> Reply:
        """A limit was hit: the runner is killed and the submission's next test gets a fresh one."""
        reply = self._finish(runner, {"status": status, "error": error}, None, started)
        self._drop_runner()
        return reply

    def _died(self, runner: Runner, started: float) -> Reply:
        """The runner's channel closed: ask the zygote how it ended."""
        assert self.runner_zygote is not None
        header = self.runner_zygote.request({"op": "wait", "runner": runner.pid}, timeout_s=10.0)
        ended = {"status": str(header.get("ended", "crashed")), "error": str(header.get("error", ""))}
        reply = self._finish(runner, ended, None, started)
        runner.close()
        self.runner, self.runner_zygote = None, None
        return reply

    def _drop_runner(self) -> None:
        runner, self.runner = self.runner, None
        if runner is None:
            return
        self.runner_zygote = None
        runner.kill()  # through its pidfd: no request to the zygote, which reaps it later
        runner.close()


def _kept_running(finished: float | None, size: int) -> str | None:
    """Why a reply that took longer after "finished" than encoding its bytes could is a time limit.

    The "finished" frame stops the test's clock, and the candidate's process can write one itself
    (the channel is in its process), then keep computing. Encoding runs at 18 MB/s or more here; a
    reply may take one second plus a quarter of a second per MB after "finished", and no more.
    """
    if finished is None:
        return None
    spent = time.perf_counter() - finished
    allowed = ENCODE_BASE_S + size / ENCODE_BYTES_PER_S
    if spent <= allowed:
        return None
    return f"the function kept running for {spent:.1f} s after it reported finishing"


def _decoded(reply: Reply, what: str) -> Reply:
    """Decode a successful reply's value; anything that is not plain data is the candidate's error."""
    if reply.ok:
        try:
            reply.value = codec.decode(reply.value)
        except (codec.CodecError, ValueError, TypeError) as error:
            reply.status, reply.error = "error", f"{what} is not plain data: {error}"
    return reply


def _take_frame(buffer: bytearray) -> bytes | None:
    """Remove and return the first complete frame of ``buffer`` (None when it is not all there yet)."""
    if len(buffer) < codec.HEADER.size:
        return None
    (size,) = codec.HEADER.unpack(buffer[: codec.HEADER.size])
    if size > MAX_MESSAGE:
        return _TOO_LARGE
    end = codec.HEADER.size + size
    if len(buffer) < end:
        return None
    frame = bytes(buffer[codec.HEADER.size : end])
    del buffer[:end]
    return frame


def _parse_header(frame: bytes) -> dict[str, Any]:
    """The runner's header, reduced to the keys we read; anything malformed is the candidate's error."""
    try:
        header = json.loads(frame)
    except ValueError:
        header = None
    if type(header) is not dict:
        return {"status": "error", "error": "the process sent malformed data"}
    keys = ("status", "error", "exception", "run_ms", "has_value", "memory_kb")
    response = {key: header[key] for key in keys if key in header}
    if response.get("status") not in ("ok", "error", "compile_error", "memory_limit"):
        return {"status": "error", "error": "the process sent an unknown status"}
    return response


def _reply(header: dict[str, Any], value: Any) -> Reply:
    return Reply(
        status=str(header.get("status", "error")),
        error=str(header.get("error", "")),
        exception=str(header.get("exception", "")),
        wall_ms=float(header.get("wall_ms", 0.0)),
        run_ms=float(header.get("run_ms", 0.0)),
        memory_kb=int(header.get("memory_kb", 0)),
        output=str(header.get("output", "")),
        output_bytes=int(header.get("output_bytes", 0)),
        value=value,
        raw=header,
    )
