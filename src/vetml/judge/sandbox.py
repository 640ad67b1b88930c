"""The judge's side of the sandbox: starts a warm zygote under bubblewrap and talks to it.

bubblewrap gives the zygote an empty root with read-only binds of only what the interpreter needs
(``/usr``, the Python installation and its site-packages, the two sandbox-side modules), no
network, and its own PID, IPC and UTS namespaces; it dies with the judge. Inside it, the zygote
forks one fresh, namespaced, unprivileged, rlimited process per submission (see ``zygote.py``).
Each worker slot has its own zygote and its own uid, so the per-uid process limit of one slot never
starves another.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from vetml.errors import ConfigurationError
from vetml.judge import codec

SANDBOX_SIDE = Path(__file__).parent
# numpy only: a zygote with pandas loaded costs about 4 ms more CPU per submission to clone and tear
# down (measured); candidates who use pandas import it in their own process, at load time.
PRELOAD = ("numpy",)
FIRST_UID = 61000
# Threads beyond one make BLAS misbehave under an address-space limit and steal the other slot's core.
THREAD_ENV = dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1")
START_TIMEOUT_S = 60.0
LOAD_TIMEOUT_S = 20.0
ARGUMENT_ALLOWANCE_S = 20.0  # time to move a call's arguments in, before the test's own clock starts
# A call whose request is at most this size is decoded in well under a millisecond: its clock starts
# when it is sent, which saves the runner's "started" frame and one wake-up of the judge per call.
SMALL_REQUEST = 64 * 1024
KEEP_OUTPUT = 64 * 1024
MAX_MESSAGE = 64 * 1024 * 1024
_TOO_LARGE = b""
_STARTED = codec.dumps({"status": "started"})[codec.HEADER.size :]
_FINISHED = codec.dumps({"status": "finished"})[codec.HEADER.size :]
INSTALL_HINT = "Install bubblewrap (Debian: apt-get install bubblewrap; `make test` does it for you)."


class SandboxFault(Exception):
    """The sandbox itself failed (ours, never the candidate's): an internal error, retried later."""


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


def bubblewrap_path() -> str:
    """The bwrap binary, or a ConfigurationError saying how to install it."""
    path = shutil.which("bwrap")
    if path is None:
        raise ConfigurationError("the judge's sandbox needs bubblewrap, which is not installed", hint=INSTALL_HINT)
    return path


@dataclass
class Runner:
    """The judge's ends of one runner's pipes (requests in, replies out, what it prints)."""

    pid: int
    to_runner: int
    from_runner: int
    output: int
    incoming: bytearray = field(default_factory=bytearray)
    printed: bytearray = field(default_factory=bytearray)
    printed_total: int = 0
    output_open: bool = True

    def close(self) -> None:
        for fd in (self.to_runner, self.from_runner, self.output):
            with contextlib.suppress(OSError):
                os.close(fd)


class Sandbox:
    """One worker slot: a zygote that creates runners, and the runner of the current submission.

    The judge talks to the runner directly and enforces the wall-clock and output limits itself;
    the zygote is asked only to create a runner, kill it, or say how it ended.
    """

    def __init__(self, *, slot: int = 0, unsafe_no_sandbox: bool = False, output_limit: int = 1 << 20) -> None:
        self.slot = slot
        self.uid = FIRST_UID + slot
        self.unsafe = unsafe_no_sandbox
        self.output_limit = output_limit
        self.process: subprocess.Popen[bytes] | None = None
        self.control: socket.socket | None = None
        self.runner: Runner | None = None
        self.next_runner: Runner | None = None
        self.spawn_requested = False
        self._stderr: BinaryIO | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the zygote and wait until it has imported its libraries."""
        if self.process is not None and self.process.poll() is None:
            return
        self.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.control = ours
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            self._command(theirs.fileno()),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env=self._environment(),
            pass_fds=(theirs.fileno(),),
        )
        theirs.close()
        ready = self._receive(START_TIMEOUT_S)[0]
        if ready.get("status") != "ready":
            self._fail(f"the sandbox did not start: {ready}")
        self._send({"op": "spawn"})
        self.spawn_requested = True

    def close(self) -> None:
        """Stop the zygote and everything it started."""
        self._drop_runner()
        if self.next_runner is not None:
            self.next_runner.close()
            self.next_runner = None
        self.spawn_requested = False
        process, self.process = self.process, None
        if self.control is not None:
            self.control.close()
            self.control = None
        if process is not None:
            process.kill()
            process.wait(timeout=10)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _command(self, control_fd: int) -> list[str]:
        private_tmp = private_tmp_possible(_python_folders(_interpreter()))
        config = json.dumps(
            {
                "sandboxed": not self.unsafe,
                "uid": self.uid,
                "preload": list(PRELOAD),
                "control_fd": control_fd,
                "private_tmp": private_tmp,
                "environment": self._environment(),
            }
        )
        python = _interpreter()
        if self.unsafe:
            return [python, "-I", "-B", str(SANDBOX_SIDE / "zygote.py"), config]
        return [bubblewrap_path(), *_bubblewrap_arguments(python), python, "-I", "-B", "/judge/zygote.py", config]

    def _environment(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **THREAD_ENV}

    # -- requests ----------------------------------------------------------------------------

    def load(
        self, source: str, *, entry: str | None, modules: dict[str, str] | None = None, limits: dict[str, Any]
    ) -> Reply:
        """Take a fresh runner for a submission and compile its code in it."""
        self._drop_runner()
        self.runner = self._take_runner()
        request = {"op": "load", "source": source, "entry": entry, "modules": modules or {}, "limits": limits}
        return self._exchange(codec.dumps(request), timeout_s=LOAD_TIMEOUT_S)

    def call(self, args: tuple[Any, ...], kwargs: dict[str, Any], *, time_ms: int, repeat: int = 1) -> Reply:
        """Call the loaded function once (or ``repeat`` times); the value comes back decoded."""
        request = {
            "op": "call",
            "args": codec.encode(list(args)),
            "kwargs": codec.encode(dict(kwargs)),
            "repeat": repeat,
            "ack": False,
        }
        frame = codec.dumps(request)
        if len(frame) > SMALL_REQUEST:
            request["ack"] = True
            frame = codec.dumps(request)
        reply = self._exchange(frame, timeout_s=time_ms / 1000, ack=bool(request["ack"]), call=True)
        return _decoded(reply, "the returned value")

    def run_tests(self, *, time_ms: int) -> Reply:
        """Run every test function of the loaded code; the value is a list of {name, passed, error}."""
        reply = self._exchange(codec.dumps({"op": "run_tests"}), timeout_s=time_ms / 1000)
        return _decoded(reply, "the test results")

    def stop(self) -> None:
        """End the current submission's process; nothing it left behind survives."""
        self._drop_runner()

    def ping(self) -> dict[str, Any]:
        """The zygote's pid and uid, to show it answers."""
        self.start()
        return self._control({"op": "ping"}, timeout_s=10.0)

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
                    header = _parse_header(frame_in)
                    if not (header.get("has_value") and header["status"] == "ok"):
                        return self._finish(runner, header, None, started, finished)
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
        header = self._control({"op": "wait", "runner": runner.pid}, timeout_s=10.0)
        ended = {"status": str(header.get("ended", "crashed")), "error": str(header.get("error", ""))}
        reply = self._finish(runner, ended, None, started)
        runner.close()
        self.runner = None
        return reply

    def _drop_runner(self) -> None:
        runner, self.runner = self.runner, None
        if runner is None:
            return
        runner.close()
        if self.control is not None and self.process is not None and self.process.poll() is None:
            self._send({"op": "kill", "runner": runner.pid})  # no reply: the judge does not wait for it

    # -- the zygote ----------------------------------------------------------------------------

    def _take_runner(self) -> Runner:
        """A runner handed over in advance, and the request for the next one.

        Runners are created while the previous submission runs, so starting a submission costs
        no round trip to the zygote. Only here may the zygote be (re)started: one that died during
        a submission took its runner with it, and that is our failure, never the candidate's.
        """
        if self.process is None or self.process.poll() is not None:
            self.start()
        if self.next_runner is None:
            if not self.spawn_requested:
                self._send({"op": "spawn"})
                self.spawn_requested = True
            self._await("spawn", 30.0)
        runner, self.next_runner = self.next_runner, None
        assert runner is not None
        self._send({"op": "spawn"})
        self.spawn_requested = True
        return runner

    def _control(self, message: dict[str, Any], *, timeout_s: float) -> dict[str, Any]:
        """One request to the zygote during a submission, and its reply."""
        if self.process is None or self.process.poll() is not None or self.control is None:
            self._fail("the sandbox stopped during the submission")
        self._send(message)
        return self._await(str(message["op"]), timeout_s)

    def _send(self, message: dict[str, Any]) -> None:
        assert self.control is not None
        try:
            self.control.send(json.dumps(message).encode("utf-8"))
        except OSError as error:
            self._fail(f"the sandbox stopped accepting requests: {error}")

    def _await(self, operation: str, timeout_s: float) -> dict[str, Any]:
        """Read replies until the one to ``operation``; a runner handed over meanwhile is kept for later."""
        deadline = time.monotonic() + timeout_s
        while True:
            header, fds = self._receive(max(0.0, deadline - time.monotonic()))
            if header.get("status") == "internal_error":
                self._fail(str(header.get("error", "unknown sandbox failure")))
            if header.get("op") == "spawn":
                self._adopt(header, fds)
            if header.get("op") == operation:
                return header

    def _adopt(self, header: dict[str, Any], fds: list[int]) -> None:
        if len(fds) != 3:
            self._fail(f"the sandbox did not hand over a runner: {header}")
        runner = Runner(int(header["runner"]), to_runner=fds[0], from_runner=fds[1], output=fds[2])
        os.set_blocking(runner.to_runner, False)
        os.set_blocking(runner.output, False)
        self.next_runner, self.spawn_requested = runner, False

    def _receive(self, timeout_s: float) -> tuple[dict[str, Any], list[int]]:
        assert self.control is not None
        if not select.select([self.control], [], [], timeout_s)[0]:
            self._fail("the sandbox did not answer in time")
        try:
            data, fds, _flags, _address = socket.recv_fds(self.control, 1 << 16, 8)
        except OSError as error:
            self._fail(f"the sandbox connection failed: {error}")
        if not data:
            self._fail("the sandbox exited unexpectedly")
        message = json.loads(data)
        if type(message) is not dict:
            self._fail("the sandbox sent a malformed reply")
        return message, list(fds)

    def _fail(self, reason: str) -> NoReturn:
        stderr = self._stderr_tail()
        self.runner = None
        self.close()
        raise SandboxFault(f"{reason}{f' ({stderr})' if stderr else ''}")

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read()[-500:].decode("utf-8", "replace").strip()
        self._stderr.seek(0, os.SEEK_END)
        return text


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


def _interpreter() -> str:
    """The interpreter by explicit path (the venv's, so numpy and pandas are importable)."""
    return str(Path(sys.executable).absolute())


def _bubblewrap_arguments(python: str) -> list[str]:
    """Bind only what the interpreter needs; everything else on the host stays invisible."""
    arguments = [
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/bin", "/bin",
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        "--ro-bind", str(SANDBOX_SIDE / "zygote.py"), "/judge/zygote.py",
        "--ro-bind", str(SANDBOX_SIDE / "codec.py"), "/judge/codec.py",
        "--dir", "/scratch",
        "--proc", "/proc",
        "--dev", "/dev",
        # The zygote needs these to build each submission's namespaces and drop to its uid; the
        # candidate's process loses all of them before any of its code runs.
        "--cap-add", "CAP_SYS_ADMIN",
        "--cap-add", "CAP_SETUID",
        "--cap-add", "CAP_SETGID",
        "--cap-add", "CAP_KILL",
        "--cap-add", "CAP_CHOWN",
    ]  # fmt: skip
    folders = _python_folders(python)
    if private_tmp_possible(folders):
        arguments += ["--dir", "/tmp"]
    # Parents of the binds are created world-traversable: a host /root is 0700, and the candidate's
    # unprivileged uid must still reach the standard library to import modules the zygote has not.
    for parent in sorted({str(ancestor) for folder in folders for ancestor in Path(folder).parents} - {"/"}):
        arguments += ["--perms", "0755", "--dir", parent]
    for folder in folders:
        arguments += ["--ro-bind", folder, folder]
    return arguments


def private_tmp_possible(folders: list[str]) -> bool:
    """A fresh /tmp per runner would hide an interpreter installed under /tmp (a CI checkout, say).

    In that case /tmp stays read-only for the candidate; TMPDIR points at the scratch folder anyway.
    """
    return not any(folder == "/tmp" or folder.startswith("/tmp/") for folder in folders)


def _python_folders(python: str) -> list[str]:
    """The installation and the virtual environment the interpreter runs from, outside /usr."""
    folders = {sys.base_prefix, sys.prefix, str(Path(python).parent.parent)}
    resolved = Path(python).resolve()
    folders.add(str(resolved.parent.parent))
    kept = sorted(folder for folder in folders if not folder.startswith("/usr"))
    # A folder inside another one is already bound.
    return [folder for folder in kept if not any(folder.startswith(other + "/") for other in kept)]
