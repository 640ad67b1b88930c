"""The warm process inside the sandbox that runs candidate code.

It is started twice per worker slot (inside bubblewrap, see ``vetml.judge.zygotes``), once with numpy
imported and once plain, and then serves requests from the judge on a control socket. For each submission it
clones one *runner* process straight into fresh mount, IPC, UTS and PID namespaces. The runner is
PID 1 of its PID namespace (when it dies, every process the candidate forked dies with it). It
mounts empty, size-limited tmpfs folders for /scratch, /tmp and /dev/shm and its own /proc, so
nothing one submission leaves behind is visible to the next; then it drops to the slot's
unprivileged uid with no capabilities and no way to regain any, applies resource limits, and only
then compiles the candidate's code.

The zygote hands each runner's pipes to the judge over a control socket, and the judge then talks to
the runner directly: one call of the candidate's function per request, arguments and results as
tagged JSON (``codec``). The judge enforces wall-clock limits and output caps and kills runners
through the pidfd handed over with their pipes; the zygote reaps them and reports how they ended.
This file runs inside the sandbox and imports nothing from vetml.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import errno
import gc
import json
import os
import resource
import signal
import socket
import sys
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
SCRATCH = "/scratch"
# Sent once a call's arguments are decoded: the test's clock starts here (the judge knows these bytes).
STARTED_FRAME = codec.dumps({"status": "started"})
# Sent when the function returned: encoding and sending the value is not the candidate's time either.
FINISHED_FRAME = codec.dumps({"status": "finished"})
SCRATCH_MB = 64
READ_CHUNK = 1 << 16
ENDED_KEPT = 64  # the judge asks how a runner ended right after it ended
EMPTY_INPUT_FD = 200  # far above the descriptors the zygote uses, and kept open in every runner
LIBRARY_ALLOWANCE_MB = 384

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


def _prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, value, 0, 0, 0), "prctl")


# ---------------------------------------------------------------------------------------------
# The runner: the candidate's process.
# ---------------------------------------------------------------------------------------------


class Runner:
    """Loads the candidate's code and answers calls; everything it sends is plain tagged JSON."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self.entry: Any = None
        self.incoming = bytearray()

    def send(self, message: dict[str, Any], value: Any = None) -> None:
        """A header frame, then (for a returned value) the value's JSON in a frame of its own.

        The zygote forwards the value's bytes to the judge untouched instead of parsing them again.
        """
        message = {**message, "memory_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
        try:
            if value is None:
                frame = codec.dumps(message)
            else:
                body = json.dumps(value, separators=(",", ":"), allow_nan=False).encode("utf-8")
                frame = codec.dumps({**message, "has_value": True}) + codec.HEADER.pack(len(body)) + body
        except (ValueError, TypeError) as error:
            frame = codec.dumps({"status": "error", "error": f"result could not be sent: {error}"})
        _write_all(RUNNER_OUT, frame)

    def receive(self) -> dict[str, Any] | None:
        """The next request; reads in large chunks, so a small request costs one system call."""
        size = None
        while size is None or len(self.incoming) < codec.HEADER.size + size:
            if size is None and len(self.incoming) >= codec.HEADER.size:
                (size,) = codec.HEADER.unpack_from(self.incoming)
                continue
            chunk = os.read(RUNNER_IN, max(READ_CHUNK, (size or 0) + codec.HEADER.size - len(self.incoming)))
            if not chunk:
                return None
            self.incoming += chunk
        body = bytes(self.incoming[codec.HEADER.size : codec.HEADER.size + size])
        del self.incoming[: codec.HEADER.size + size]
        return codec.loads(body)  # type: ignore[no-any-return]

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
        """One call of the entry point, with as few frames as the clock allows.

        The judge asks for a "started" frame only when the arguments are large enough that decoding
        them takes noticeable time; a "finished" frame is sent only when encoding the result might,
        so a typical call costs one frame each way.
        """
        args = codec.decode(request.get("args", []))
        kwargs = codec.decode(request.get("kwargs", {}))
        repeat = int(request.get("repeat", 1))
        entry = self.entry
        if request.get("ack", True):
            _write_all(RUNNER_OUT, STARTED_FRAME)
        if repeat == 1:
            outcome = self._run(lambda: entry(*args, **kwargs))
        else:
            outcome = self._run(lambda: [entry(*args, **kwargs) for _ in range(repeat)])
        if not _quick_to_encode(outcome.get("result")):
            _write_all(RUNNER_OUT, FINISHED_FRAME)
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


QUICK_SCALARS = (type(None), bool, int, float, complex)
QUICK_ITEMS = 256
QUICK_TEXT = 4096


def _quick_to_encode(value: Any) -> bool:
    """Whether encoding ``value`` surely takes microseconds: a scalar, short text, or a short flat collection.

    Anything else (large or nested values, arrays, frames, the candidate's own types) gets a
    "finished" frame first, so the time spent encoding it is never counted against the candidate.
    """
    kind = type(value)
    if kind in QUICK_SCALARS:
        return True
    if kind in (str, bytes):
        return len(value) <= QUICK_TEXT
    if kind in (list, tuple, set, frozenset):
        return len(value) <= QUICK_ITEMS and all(_quick_item(item) for item in value)
    if kind is dict:
        return len(value) <= QUICK_ITEMS and all(_quick_item(key) and _quick_item(item) for key, item in value.items())
    return False


def _quick_item(item: Any) -> bool:
    kind = type(item)
    return kind in QUICK_SCALARS or (kind in (str, bytes) and len(item) <= QUICK_TEXT)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


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
# The zygote: clones runners and hands their pipes to the judge.
# ---------------------------------------------------------------------------------------------


class Child:
    """A runner and the zygote's ends of its pipes and its pidfd, until they are handed to the judge."""

    def __init__(self, runner: int, to_runner: int, from_runner: int, output: int, scratch: str) -> None:
        self.runner = runner
        self.fds = [to_runner, from_runner, output, os.pidfd_open(runner)]
        self.scratch = scratch


class Zygote:
    """Serves the judge on a control socket: spawn, wait and ping.

    The judge talks to each runner directly over the pipes ``spawn`` hands it (one fewer process
    hop per call) and kills it through the pidfd handed with them (no request to the zygote); the
    zygote only creates runners, reaps them and reports how they ended.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self.sandboxed: bool = bool(config["sandboxed"])
        self.uid: int = int(config["uid"])
        self.private_tmp: bool = bool(config.get("private_tmp", True))
        self.scratches: dict[int, str] = {}
        self.ended: dict[int, int] = {}  # wait statuses of reaped runners, oldest first
        # Everything a runner needs is prepared here, once: each object a runner creates or touches
        # after the clone costs it page faults (copies of the zygote's pages), which on virtual
        # machines are the largest part of a submission's cost.
        self.mounts = self._mount_table() if self.sandboxed else []
        self.stdout = _text_stream(1)
        self.stderr = _text_stream(2)
        self.stdin = _empty_input()

    def handle(self, request: dict[str, Any]) -> tuple[dict[str, Any] | None, list[int]]:
        """One request and its reply."""
        operation = request.get("op")
        if operation == "ping":
            return {"op": operation, "status": "ok", "pid": os.getpid(), "uid": os.getuid()}, []
        if operation == "spawn":
            return self.spawn_for_judge()
        if operation == "wait":
            return {"op": operation, "status": "ok", **self.wait(int(request["runner"]))}, []
        return {"op": operation, "status": "internal_error", "error": f"unknown request {operation!r}"}, []

    def spawn_for_judge(self) -> tuple[dict[str, Any], list[int]]:
        """A new runner whose pipes go to the judge.

        The judge asks for the next submission's runner while the current one runs, so this work
        is off the candidate's path. A runner has its namespaces, mounts and unprivileged uid but no
        code and no resource limits yet; it applies the challenge's limits when it receives code.
        """
        child = self.spawn()
        self.scratches[child.runner] = child.scratch
        return {"op": "spawn", "status": "ok", "runner": child.runner}, child.fds

    def wait(self, runner: int) -> dict[str, Any]:
        """How a runner whose result channel closed ended: an exit, a limit's signal, or a crash.

        A runner that closed the channel but kept running is killed first: without the channel
        it can never answer, and waiting for it would stall the slot.
        """
        status = self.ended.pop(runner, None)
        if status is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(runner, signal.SIGKILL)
            try:
                _, status = os.waitpid(runner, 0)
            except ChildProcessError:
                return {"ended": "crashed", "error": "the process ended before returning a result"}
            finally:
                self._forget(runner)
        if os.WIFSIGNALED(status):
            return _signal_status(os.WTERMSIG(status))
        code = os.waitstatus_to_exitcode(status)
        return {"ended": "crashed", "error": f"the process exited (exit code {code}) before returning a result"}

    def _forget(self, runner: int) -> None:
        scratch = self.scratches.pop(runner, None)
        if scratch and not self.sandboxed:
            _remove_tree(scratch)

    def reap_finished(self) -> None:
        """Collect every runner that has exited (killed by the judge, or ended on its own), without waiting.

        Their statuses are kept for a while: a ``wait`` for one of them reports how it ended.
        """
        while True:
            try:
                runner, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:  # no runners at all
                return
            if runner == 0:
                return
            self._forget(runner)
            self.ended[runner] = status
            if len(self.ended) > ENDED_KEPT:
                del self.ended[next(iter(self.ended))]

    # -- process creation ----------------------------------------------------------------------

    def spawn(self) -> Child:
        """Create the runner of one submission: in fresh namespaces when sandboxed, a plain fork otherwise."""
        to_runner_r, to_runner_w = os.pipe()
        from_runner_r, from_runner_w = os.pipe()
        output_r, output_w = os.pipe()
        scratch = SCRATCH if self.sandboxed else _temporary_folder()
        runner = _clone_into_namespaces() if self.sandboxed else os.fork()
        if runner == 0:
            for fd in (to_runner_w, from_runner_r, output_r):
                os.close(fd)
            self._runner(scratch, (to_runner_r, from_runner_w, output_w))
        for fd in (to_runner_r, from_runner_w, output_w):
            os.close(fd)
        return Child(runner, to_runner_w, from_runner_r, output_r, scratch)

    def _mount_table(self) -> list[Mount]:
        """The runner's private mounts: empty, size-limited tmpfs folders and its own /proc."""
        size = SCRATCH_MB
        table = [
            Mount("none", "/", None, MS_REC | MS_PRIVATE, None),
            Mount(
                "tmpfs", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size}m,mode=0700,uid={self.uid},gid={self.uid}"
            ),
        ]
        for folder in ("/tmp", "/dev/shm") if self.private_tmp else ("/dev/shm",):
            if Path(folder).is_dir():
                table.append(Mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size}m,mode=1777"))
        table.append(Mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None))
        return table

    def _runner(self, scratch: str, fds: tuple[int, int, int]) -> None:
        """Runs in the runner: become unprivileged and limited, then serve the candidate's code."""
        try:
            _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            # A session of its own: kill(0, ...) by the candidate must not reach the zygote's group,
            # where the next submission's runner already waits.
            os.setsid()
            to_runner_r, from_runner_w, output_w = fds
            os.dup2(to_runner_r, RUNNER_IN)
            os.dup2(from_runner_w, RUNNER_OUT)
            os.dup2(output_w, 1)
            os.dup2(output_w, 2)
            os.closerange(RUNNER_OUT + 1, EMPTY_INPUT_FD)
            os.closerange(EMPTY_INPUT_FD + 1, 4096)
            os.set_blocking(RUNNER_OUT, True)
            if self.sandboxed:
                for mount in self.mounts:  # in the runner's new mount namespace
                    mount.apply()
                os.setgroups([])
                os.setresgid(self.uid, self.uid, self.uid)
                os.setresuid(self.uid, self.uid, self.uid)
            _prctl(PR_SET_NO_NEW_PRIVS, 1)
            os.chdir(scratch)
            if not self.sandboxed:  # sandboxed, the zygote's environment already names /scratch
                os.environ.update({"HOME": scratch, "TMPDIR": scratch})
            if "tempfile" in sys.modules:  # imported by a preloaded library: forget its cached folder
                sys.modules["tempfile"].tempdir = scratch  # type: ignore[attr-defined]
            sys.stdout, sys.stderr = self.stdout, self.stderr  # fds 1 and 2 are now the output pipe
            sys.stdin = self.stdin  # fd 0 is the judge's request pipe; input() reads nothing
            Runner().serve()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(0)


class Mount:
    """One mount(2) call, its arguments encoded in the zygote so a runner only makes the call."""

    def __init__(self, source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
        self.arguments = (source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                          data.encode() if data else None)  # fmt: skip
        self.target = target

    def apply(self) -> None:
        _check(_libc.mount(*self.arguments), f"mount {self.target}")


def _empty_input() -> Any:
    """stdin for the runners: /dev/null on a high descriptor that the runners keep open."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, EMPTY_INPUT_FD)
    os.close(null)
    return open(EMPTY_INPUT_FD, encoding="utf-8", closefd=False)


def _temporary_folder() -> str:
    """A scratch folder for an unsandboxed runner (tempfile is imported only here: it drags in random)."""
    import tempfile

    return tempfile.mkdtemp(prefix="vetml-scratch-")


def _text_stream(fd: int) -> Any:
    """A line-buffered text stream on ``fd`` that never fails on what the candidate prints."""
    return open(fd, "w", buffering=1, encoding="utf-8", errors="replace", closefd=False)


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


def _signal_status(number: int) -> dict[str, Any]:
    if number == signal.SIGXCPU:
        return {"ended": "time_limit", "error": "the CPU-time limit was reached"}
    if number == signal.SIGXFSZ:
        return {"ended": "output_limit", "error": "a file grew past the size limit"}
    if number == signal.SIGKILL:
        return {"ended": "crashed", "error": "the process was killed (SIGKILL)"}
    name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
    return {"ended": "crashed", "error": f"the process was killed by signal {name}"}


def _apply_limits(limits: dict[str, Any]) -> None:
    memory_bytes = int(limits.get("memory_mb", 256)) * 1024 * 1024
    # Address space, not resident memory, is what an rlimit can cap: importing pandas, scipy or
    # scikit-learn maps a few hundred MB of mostly untouched library code, which must not eat the
    # challenge's allowance.
    address_space = _current_address_space() + memory_bytes + LIBRARY_ALLOWANCE_MB * 1024 * 1024
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


def _remove_tree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _send(channel: socket.socket, message: dict[str, Any], fds: list[int]) -> None:
    data = json.dumps(message).encode("utf-8")
    if fds:
        socket.send_fds(channel, [data], fds)
    else:
        channel.send(data)


def main() -> None:
    """Preload the heavy libraries once, then serve the judge's requests until it goes away."""
    config = json.loads(sys.argv[1])
    if config.get("cpu") is not None:  # the slot's CPU; every runner inherits it
        os.sched_setaffinity(0, {int(config["cpu"])})
    for name in config.get("preload", []):
        with contextlib.suppress(ImportError):
            __import__(name)
    # The runners' view: no way to import this folder's modules by name, and (sandboxed) the
    # environment they run in, set once here rather than in every runner.
    sys.path[:] = [path for path in sys.path if path != str(Path(__file__).resolve().parent)]
    if config["sandboxed"]:
        os.environ.clear()
        os.environ.update({**config.get("environment", {}), "HOME": SCRATCH, "TMPDIR": SCRATCH})
    channel = socket.socket(fileno=int(config["control_fd"]))
    zygote = Zygote(config)
    # Keep the preloaded objects out of the runners' garbage collections: a collection touches every
    # object it scans, which would copy the zygote's whole heap into each runner page by page.
    gc.collect()
    gc.freeze()
    _send(channel, {"op": "start", "status": "ready", "pid": os.getpid()}, [])
    while True:
        data, _fds, _flags, _address = socket.recv_fds(channel, 1 << 16, 0)
        if not data:
            break
        request = json.loads(data)
        zygote.reap_finished()
        handed: list[int] = []
        response: dict[str, Any] | None
        try:
            response, handed = zygote.handle(request)
        except OSError as error:
            response = {"op": request.get("op"), "status": "internal_error", "error": f"sandbox failure: {error}"}
        if response is not None:
            _send(channel, response, handed)
        for fd in handed:
            os.close(fd)


if __name__ == "__main__":
    main()
