"""The warm process inside the sandbox that runs candidate code.

It is started once per worker slot (inside bubblewrap, see ``vetml.judge.sandbox``), imports numpy
and pandas once, and then serves requests from the judge on stdin/stdout. For each submission it
clones one *runner* process straight into fresh mount, IPC, UTS and PID namespaces. The runner is
PID 1 of its PID namespace (when it dies, every process the candidate forked dies with it). It
mounts empty, size-limited tmpfs folders for /scratch, /tmp and /dev/shm and its own /proc, so
nothing one submission leaves behind is visible to the next; then it drops to the slot's
unprivileged uid with no capabilities and no way to regain any, applies resource limits, and only
then compiles the candidate's code.

The judge talks to the runner through the zygote: one call of the candidate's function per request,
arguments and results as tagged JSON (``codec``). Wall-clock limits, output caps and peak memory are
enforced and measured here, outside the candidate's process. This file runs inside the sandbox and
imports nothing from vetml.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import errno
import json
import os
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path
from typing import Any

# Started in isolated mode (-I), so the folder of this file is not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import codec

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
RUNNER_IN, RUNNER_OUT = 0, 3
KEEP_OUTPUT = 64 * 1024
MAX_MESSAGE = 64 * 1024 * 1024
LOAD_TIMEOUT_S = 20.0
ARGUMENT_ALLOWANCE_S = 20.0
SCRATCH = "/scratch"
SCRATCH_MB = 64

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, value, 0, 0, 0), "prctl")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    encoded_type = fstype.encode() if fstype else None
    encoded_data = data.encode() if data else None
    _check(_libc.mount(source.encode(), target.encode(), encoded_type, flags, encoded_data), f"mount {target}")


# ---------------------------------------------------------------------------------------------
# The runner: the candidate's process.
# ---------------------------------------------------------------------------------------------


class Runner:
    """Loads the candidate's code and answers calls; everything it sends is plain tagged JSON."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.entry: Any = None

    def send(self, message: dict[str, Any], value: Any = None) -> None:
        """A header frame, then (for a returned value) the value's JSON in a frame of its own.

        The zygote forwards the value's bytes to the judge untouched instead of parsing them again.
        """
        try:
            if value is None:
                frame = codec.dumps(message)
            else:
                body = json.dumps(value, separators=(",", ":"), allow_nan=False).encode("utf-8")
                frame = codec.dumps({**message, "has_value": True}) + codec.HEADER.pack(len(body)) + body
        except (ValueError, TypeError) as error:
            frame = codec.dumps({"status": "error", "error": f"result could not be sent: {error}"})
        view = memoryview(frame)
        while view:
            written = os.write(RUNNER_OUT, view)
            view = view[written:]

    def receive(self) -> dict[str, Any] | None:
        header = _read_exactly(RUNNER_IN, codec.HEADER.size)
        if header is None:
            return None
        (size,) = codec.HEADER.unpack(header)
        body = _read_exactly(RUNNER_IN, size)
        return None if body is None else codec.loads(body)

    def load(self, request: dict[str, Any]) -> None:
        _apply_limits(request.get("limits", {}))
        for name, source in request.get("modules", {}).items():
            module = types.ModuleType(name)
            module.__file__ = f"{name}.py"
            exec(compile(source, f"{name}.py", "exec"), module.__dict__)
            sys.modules[name] = module
        self.namespace = {"__name__": "submission", "__builtins__": builtins}
        try:
            code = compile(request["source"], "submission.py", "exec")
        except SyntaxError as error:
            self.send({"status": "compile_error", "error": _syntax_message(error)})
            return
        except (ValueError, MemoryError) as error:
            self.send({"status": "compile_error", "error": f"the source cannot be compiled: {error}"})
            return
        outcome = self._run(lambda: exec(code, self.namespace))
        if outcome["status"] == "error" and outcome.get("exception") in ("ImportError", "ModuleNotFoundError"):
            outcome["status"] = "compile_error"
        if outcome["status"] != "ok":
            self.send(outcome)
            return
        entry = request.get("entry")
        if entry:
            self.entry = self.namespace.get(entry)
            if not callable(self.entry):
                self.send({"status": "compile_error", "error": f"the code does not define a function named {entry}"})
                return
        self.send({"status": "ok"})

    def call(self, request: dict[str, Any]) -> None:
        args = codec.decode(request.get("args", []))
        kwargs = codec.decode(request.get("kwargs", {}))
        repeat = int(request.get("repeat", 1))
        entry = self.entry
        self.send({"status": "started"})
        if repeat == 1:
            outcome = self._run(lambda: entry(*args, **kwargs))
        else:
            outcome = self._run(lambda: [entry(*args, **kwargs) for _ in range(repeat)])
        value = None
        if outcome["status"] == "ok":
            try:
                value = codec.encode(outcome.pop("result"))
            except codec.CodecError as error:
                outcome = {"status": "error", "exception": "TypeError", "error": f"the return value: {error}"}
        outcome.pop("result", None)
        self.send(outcome, value)

    def run_tests(self, _request: dict[str, Any]) -> None:
        results = []
        for name, function in list(self.namespace.items()):
            if name.startswith("test") and callable(function):
                outcome = self._run(function)
                results.append({"name": name, "passed": outcome["status"] == "ok", "error": outcome.get("error", "")})
        self.send({"status": "ok"}, codec.encode(results))

    def _run(self, action: Any) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            result = action()
        except MemoryError:
            return {"status": "memory_limit", "error": "MemoryError: the memory limit was reached"}
        except RecursionError as error:
            return {"status": "error", "exception": "RecursionError", "error": _exception_message(error)}
        except BaseException as error:
            return {"status": "error", "exception": type(error).__name__, "error": _exception_message(error)}
        finally:
            _flush_candidate_output()
        return {"status": "ok", "result": result, "run_ms": (time.perf_counter() - started) * 1000}

    def serve(self) -> None:
        while True:
            request = self.receive()
            if request is None:
                return
            operation = request.get("op")
            if operation == "load":
                self.load(request)
            elif operation == "call":
                self.call(request)
            elif operation == "run_tests":
                self.run_tests(request)
            else:
                return


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = os.read(fd, size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _syntax_message(error: SyntaxError) -> str:
    where = f"line {error.lineno}" if error.lineno else "the code"
    return f"SyntaxError at {where}: {error.msg}"


def _exception_message(error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == "submission.py"]
    where = f" (line {frames[-1].lineno} of your code)" if frames else ""
    text = str(error)
    if len(text) > 500:
        text = text[:500] + "..."
    return f"{type(error).__name__}: {text}{where}"


def _flush_candidate_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


# ---------------------------------------------------------------------------------------------
# The zygote: clones runners, relays calls, enforces limits.
# ---------------------------------------------------------------------------------------------


class Child:
    """The runner of one submission and the zygote's ends of its pipes."""

    def __init__(self, runner: int, to_runner: int, from_runner: int, output: int, scratch: str) -> None:
        self.runner = runner
        self.to_runner, self.from_runner, self.output = to_runner, from_runner, output
        self.scratch = scratch
        self.output_kept = bytearray()
        self.output_total = 0
        self.output_open = True
        self.dead = False


class Zygote:
    """Serves the judge: load, call, run_tests, stop and ping requests on stdin/stdout."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.sandboxed: bool = bool(config["sandboxed"])
        self.uid: int = int(config["uid"])
        self.child: Child | None = None
        self.spare: Child | None = None
        self.output_limit = int(config.get("output_limit", 1 << 20))

    # -- requests ----------------------------------------------------------------------------

    def handle(self, request: dict[str, Any], raw: bytes = b"") -> tuple[dict[str, Any], bytes | None]:
        operation = request.get("op")
        if operation == "ping":
            return {"status": "ok", "pid": os.getpid(), "uid": os.getuid()}, None
        if operation == "stop":
            self.stop()
            return {"status": "ok"}, None
        if operation == "load":
            return self.load(request), None
        if operation in ("call", "run_tests"):
            return self.relay(request, raw)
        return {"status": "internal_error", "error": f"unknown request {operation!r}"}, None

    def load(self, request: dict[str, Any]) -> dict[str, Any]:
        self.stop()
        spare, self.spare = self.spare, None
        self.child = spare if spare is not None and _alive(spare.runner) else self.spawn()
        message = {"op": "load", **{key: request.get(key) for key in ("source", "entry", "modules", "limits")}}
        message["modules"] = message["modules"] or {}
        message["limits"] = message["limits"] or {}
        response, _ = self.exchange(message, LOAD_TIMEOUT_S)
        return response

    def prepare_spare(self) -> None:
        """Set up the next submission's process while the judge is busy with this one's results.

        A spare has its namespaces, mounts and unprivileged uid but no code and no resource limits
        yet; it applies the challenge's limits when it receives code. It is never reused: each
        submission consumes one.
        """
        if self.spare is None:
            self.spare = self.spawn()

    def relay(self, request: dict[str, Any], raw: bytes) -> tuple[dict[str, Any], bytes | None]:
        if self.child is None or self.child.dead:
            return {"status": "internal_error", "error": "no code is loaded"}, None
        timeout = max(0.001, float(request.get("time_ms", 2000)) / 1000)
        return self.exchange(raw if request.get("op") == "call" else request, timeout)

    def stop(self) -> None:
        child, self.child = self.child, None
        if child is None:
            return
        self.kill(child)
        for fd in (child.to_runner, child.from_runner, child.output):
            with contextlib.suppress(OSError):
                os.close(fd)
        # The runner is reaped later (reap_finished): tearing down its namespaces is not on the judge's path.
        if not self.sandboxed:
            _remove_tree(child.scratch)

    @staticmethod
    def reap_finished() -> None:
        """Collect runners of earlier submissions that have exited, without waiting for the others."""
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass

    @staticmethod
    def kill(child: Child) -> None:
        """Kill the runner; as PID 1 of its namespace, every process it started dies with it."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(child.runner, signal.SIGKILL)
        child.dead = True

    # -- one request/response with the runner --------------------------------------------------

    def exchange(self, message: dict[str, Any] | bytes, timeout: float) -> tuple[dict[str, Any], bytes | None]:
        """Send one request to the runner and wait for its reply within the limits.

        For a call, the clock starts when the runner says it has decoded the arguments and is
        about to call the candidate's function: moving large inputs is not the candidate's time.
        A call's request arrives as the judge's raw frame and is forwarded without re-encoding.
        """
        child = self.child
        assert child is not None
        if isinstance(message, bytes):
            pending = memoryview(codec.HEADER.pack(len(message)) + message)
            waiting_for_start = True
        else:
            pending = memoryview(codec.dumps(message))
            waiting_for_start = False
        incoming = bytearray()
        header: dict[str, Any] | None = None
        started = time.perf_counter()
        deadline = started + (ARGUMENT_ALLOWANCE_S if waiting_for_start else timeout)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                self.kill(child)
                return self.finish(child, {"status": "time_limit"}, started), None
            writers = [child.to_runner] if pending else []
            readers = [child.from_runner, child.output] if child.output_open else [child.from_runner]
            readable, writable, _ = select.select(readers, writers, [], remaining)
            if writable:
                try:
                    written = os.write(child.to_runner, pending[:65536])
                except BrokenPipeError:
                    pending = memoryview(b"")
                else:
                    pending = pending[written:]
            if child.output in readable and not self.drain_output(child):
                self.kill(child)
                return self.finish(child, {"status": "output_limit"}, started), None
            if child.from_runner not in readable:
                continue
            chunk = os.read(child.from_runner, 1 << 20)
            if not chunk:
                return self.finish(child, self.death_status(child), started), None
            incoming += chunk
            while True:
                frame = _take_frame(incoming)
                if frame is None:
                    break
                if frame is _TOO_LARGE:
                    self.kill(child)
                    return self.finish(child, {"status": "output_limit"}, started), None
                if waiting_for_start and frame == _STARTED:
                    waiting_for_start = False
                    started = time.perf_counter()
                    deadline = started + timeout
                    continue
                if header is None:
                    header = self.parse(frame)
                    if header.get("has_value") and header.get("status") == "ok":
                        continue
                    return self.finish(child, header, started), None
                return self.finish(child, header, started), frame

    @staticmethod
    def parse(frame: bytes) -> dict[str, Any]:
        """The runner's header, reduced to the keys the judge reads; anything malformed is an error."""
        try:
            header = json.loads(frame)
        except ValueError:
            header = None
        if type(header) is not dict:
            return {"status": "error", "error": "the process sent malformed data"}
        response = {
            key: header[key] for key in ("status", "error", "exception", "run_ms", "has_value") if key in header
        }
        if response.get("status") not in ("ok", "error", "compile_error", "memory_limit"):
            return {"status": "error", "error": "the process sent an unknown status"}
        return response

    def finish(self, child: Child, response: dict[str, Any], started: float) -> dict[str, Any]:
        response["wall_ms"] = (time.perf_counter() - started) * 1000
        response["memory_kb"] = _peak_memory_kb(child.runner)
        with contextlib.suppress(OSError):
            while child.output_open and select.select([child.output], [], [], 0)[0] and self.drain_output(child):
                pass
        response["output"] = child.output_kept.decode("utf-8", "replace")
        response["output_bytes"] = child.output_total
        response.pop("has_value", None)
        child.output_kept.clear()
        if response["status"] in ("time_limit", "output_limit", "crashed", "memory_limit"):
            child.dead = True
        return response

    def drain_output(self, child: Child) -> bool:
        """Read what the candidate printed (the pipe is readable); False once it printed too much."""
        chunk = os.read(child.output, 65536)
        if not chunk:
            child.output_open = False
            return True
        child.output_total += len(chunk)
        room = KEEP_OUTPUT - len(child.output_kept)
        if room > 0:
            child.output_kept += chunk[:room]
        return child.output_total <= self.output_limit

    def death_status(self, child: Child) -> dict[str, Any]:
        """Why the runner's channel closed: an exit, a signal from a limit, or a crash."""
        child.dead = True
        with contextlib.suppress(ChildProcessError):
            _, status = os.waitpid(child.runner, 0)
            if os.WIFSIGNALED(status):
                return _signal_status(os.WTERMSIG(status))
            code = os.waitstatus_to_exitcode(status)
            return {"status": "crashed", "error": f"the process exited (exit code {code}) before returning a result"}
        return {"status": "crashed", "error": "the process ended before returning a result"}

    # -- process creation ----------------------------------------------------------------------

    def spawn(self) -> Child:
        """Create the runner of one submission: in fresh namespaces when sandboxed, a plain fork otherwise."""
        to_runner_r, to_runner_w = os.pipe()
        from_runner_r, from_runner_w = os.pipe()
        output_r, output_w = os.pipe()
        scratch = SCRATCH if self.sandboxed else tempfile.mkdtemp(prefix="vetml-scratch-")
        runner = _clone_into_namespaces() if self.sandboxed else os.fork()
        if runner == 0:
            for fd in (to_runner_w, from_runner_r, output_r):
                os.close(fd)
            self._runner(scratch, (to_runner_r, from_runner_w, output_w))
        for fd in (to_runner_r, from_runner_w, output_w):
            os.close(fd)
        os.set_blocking(to_runner_w, False)
        return Child(runner, to_runner_w, from_runner_r, output_r, scratch)

    def _private_mounts(self) -> None:
        """In the runner's new mount namespace: empty, size-limited tmpfs folders and its own /proc."""
        _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
        size = SCRATCH_MB
        _mount("tmpfs", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size}m,mode=0700,uid={self.uid},gid={self.uid}")
        for folder in ("/tmp", "/dev/shm"):
            if Path(folder).is_dir():
                _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size}m,mode=1777")
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)

    def _runner(self, scratch: str, fds: tuple[int, int, int]) -> None:
        """Runs in the runner: become unprivileged and limited, then serve the candidate's code."""
        try:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            # A session of its own: kill(0, ...) by the candidate must not reach the zygote's group,
            # where the next submission's spare process waits.
            os.setsid()
            to_runner_r, from_runner_w, output_w = fds
            os.dup2(to_runner_r, RUNNER_IN)
            os.dup2(from_runner_w, RUNNER_OUT)
            os.dup2(output_w, 1)
            os.dup2(output_w, 2)
            os.closerange(RUNNER_OUT + 1, 4096)
            os.set_blocking(RUNNER_OUT, True)
            if self.sandboxed:
                self._private_mounts()
                os.setgroups([])
                os.setresgid(self.uid, self.uid, self.uid)
                os.setresuid(self.uid, self.uid, self.uid)
            _prctl(PR_SET_NO_NEW_PRIVS, 1)
            os.chdir(scratch)
            os.environ.clear()
            os.environ.update({"HOME": scratch, "TMPDIR": scratch, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
            tempfile.tempdir = scratch
            sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
            sys.stdin = open(os.devnull)  # noqa: SIM115, PTH123
            sys.path[:] = [path for path in sys.path if path != str(Path(__file__).resolve().parent)]
            Runner().serve()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(0)


_TOO_LARGE = b""
_STARTED = codec.dumps({"status": "started"})[codec.HEADER.size :]


CLONE_SYSCALL = {"x86_64": 56, "aarch64": 220}
_libc.syscall.restype = ctypes.c_long


def _clone_into_namespaces() -> int:
    """fork() that creates the child directly in new mount, IPC, UTS and PID namespaces.

    One clone(2) replaces an unshare() in a go-between process plus a second fork, which made
    set-up several times slower. Python's own fork hooks run around it, as in os.fork(). No new
    network namespace: bubblewrap already gave the slot one with no interfaces, and creating and
    tearing one down per submission costs more than everything else here.
    """
    number = CLONE_SYSCALL.get(os.uname().machine)
    if number is None:
        raise OSError(errno.ENOSYS, f"clone is not wired for {os.uname().machine}")
    flags = CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID | signal.SIGCHLD
    api = ctypes.pythonapi
    api.PyOS_BeforeFork()
    pid = _libc.syscall(number, ctypes.c_ulong(flags), 0, 0, 0, 0)
    if pid == 0:
        api.PyOS_AfterFork_Child()
    else:
        api.PyOS_AfterFork_Parent()
    if pid < 0:
        raise OSError(ctypes.get_errno(), "clone into new namespaces failed")
    return int(pid)


def _alive(pid: int) -> bool:
    """True while a child of the zygote is running (False once it exited or was reaped)."""
    try:
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return False


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


def _signal_status(number: int) -> dict[str, Any]:
    if number == signal.SIGXCPU:
        return {"status": "time_limit", "error": "the CPU-time limit was reached"}
    if number == signal.SIGXFSZ:
        return {"status": "output_limit", "error": "a file grew past the size limit"}
    if number == signal.SIGKILL:
        return {"status": "crashed", "error": "the process was killed (SIGKILL)"}
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
    return {"status": "crashed", "error": f"the process was killed by signal {name}"}


def _apply_limits(limits: dict[str, Any]) -> None:
    memory_bytes = int(limits.get("memory_mb", 256)) * 1024 * 1024
    address_space = _current_address_space() + memory_bytes
    cpu_seconds = int(limits.get("cpu_s", 60))
    for limit, value in (
        (resource.RLIMIT_AS, address_space),
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_FSIZE, int(limits.get("file_mb", 16)) * 1024 * 1024),
        (resource.RLIMIT_NOFILE, int(limits.get("open_files", 64))),
        (resource.RLIMIT_NPROC, int(limits.get("processes", 16))),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(limit, (value, value))


def _current_address_space() -> int:
    with open("/proc/self/statm") as handle:  # noqa: PTH123
        pages = int(handle.read().split()[0])
    return pages * resource.getpagesize()


def _peak_memory_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:  # noqa: PTH123
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _remove_tree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _write_frame(message: dict[str, Any], body: bytes | None = None) -> None:
    out = sys.stdout.buffer
    out.write(codec.dumps(message))
    if body is not None:
        out.write(codec.HEADER.pack(len(body)) + body)
    out.flush()


def main() -> None:
    """Preload the heavy libraries once, then serve requests until stdin closes."""
    config = json.loads(sys.argv[1])
    for name in config.get("preload", []):
        with contextlib.suppress(ImportError):
            __import__(name)
    zygote = Zygote(config)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    source = sys.stdin.buffer
    _write_frame({"status": "ready", "pid": os.getpid()})
    while True:
        header = source.read(codec.HEADER.size)
        if len(header) < codec.HEADER.size:
            break
        (size,) = codec.HEADER.unpack(header)
        raw = source.read(size)
        request = codec.loads(raw)
        zygote.reap_finished()
        try:
            response, body = zygote.handle(request, raw)
        except OSError as error:
            if error.errno == errno.EPERM:
                response, body = {"status": "internal_error", "error": f"sandbox set-up refused: {error}"}, None
            else:
                response, body = {"status": "internal_error", "error": f"sandbox failure: {error}"}, None
        response["has_body"] = body is not None
        _write_frame(response, body)
        if zygote.sandboxed and request.get("op") in ("load", "stop"):
            zygote.prepare_spare()
    zygote.stop()


if __name__ == "__main__":
    main()
