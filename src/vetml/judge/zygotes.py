"""The judge's handle on one warm zygote: starting it under bubblewrap and asking it for runners.

bubblewrap gives the zygote an empty root with read-only binds of only what the interpreter needs
(``/usr``, the Python installation and its site-packages, the two sandbox-side modules), no
network, and its own PID, IPC and UTS namespaces; it dies with the judge. Inside it, the zygote
clones one fresh, namespaced, unprivileged, rlimited runner per submission (see ``zygote.py``) and
hands the runner's pipes over; the judge then talks to the runner directly (``sandbox.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from vetml.errors import ConfigurationError

SANDBOX_SIDE = Path(__file__).parent
FIRST_UID = 61000  # slot n runs its candidates as uid FIRST_UID + n
# Threads beyond one make BLAS misbehave under an address-space limit and steal the other slot's core.
THREAD_ENV = dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1")
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **THREAD_ENV}
START_TIMEOUT_S = 60.0
SPAWN_TIMEOUT_S = 30.0
INSTALL_HINT = "Install bubblewrap (Debian: apt-get install bubblewrap; `make test` does it for you)."


class SandboxFault(Exception):
    """The sandbox itself failed (ours, never the candidate's): an internal error, retried later."""


def bubblewrap_path() -> str:
    """The bwrap binary, or a ConfigurationError saying how to install it."""
    path = shutil.which("bwrap")
    if path is None:
        raise ConfigurationError("the judge's sandbox needs bubblewrap, which is not installed", hint=INSTALL_HINT)
    return path


@dataclass
class Runner:
    """The judge's ends of one runner's pipes (requests in, replies out, what it prints) and its pidfd."""

    pid: int
    to_runner: int
    from_runner: int
    output: int
    pidfd: int
    incoming: bytearray = field(default_factory=bytearray)
    printed: bytearray = field(default_factory=bytearray)
    printed_total: int = 0
    output_open: bool = True

    def kill(self) -> None:
        """Kill the runner; as PID 1 of its namespace, every process it started dies with it."""
        with contextlib.suppress(OSError):  # it may have ended already
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def close(self) -> None:
        for fd in (self.to_runner, self.from_runner, self.output, self.pidfd):
            with contextlib.suppress(OSError):
                os.close(fd)


class ZygoteProcess:
    """One warm zygote with ``preload`` imported, and the runner it has ready for the next submission.

    Runners are created while the previous submission runs, so starting a submission costs no round
    trip to the zygote. A zygote that died (taking its runners with it) is restarted when the next
    runner is asked for: that is our failure, never the candidate's.
    """

    def __init__(self, *, uid: int, preload: tuple[str, ...], unsafe: bool, cpu: int | None = None) -> None:
        self.uid = uid
        self.preload = preload
        self.unsafe = unsafe
        self.cpu = cpu
        self.process: subprocess.Popen[bytes] | None = None
        self.control: socket.socket | None = None
        self.next_runner: Runner | None = None
        self.spawn_requested = False
        self._stderr: BinaryIO | None = None

    @property
    def alive(self) -> bool:
        """The zygote process is running."""
        return self.process is not None and self.process.poll() is None and self.control is not None

    # -- lifecycle ---------------------------------------------------------------------------

    def launch(self) -> None:
        """Start the zygote process without waiting for it (``ready`` waits)."""
        if self.alive:
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
            env=ENVIRONMENT,
            pass_fds=(theirs.fileno(),),
        )
        theirs.close()

    def ready(self) -> None:
        """Wait until the launched zygote has imported its libraries, and ask for its first runner."""
        if self.spawn_requested or self.next_runner is not None:
            return
        started = self._receive(START_TIMEOUT_S)[0]
        if started.get("status") != "ready":
            self._fail(f"the sandbox did not start: {started}")
        self.notify({"op": "spawn"})
        self.spawn_requested = True

    def start(self) -> None:
        """Start the zygote (if it is not running) and wait until it is ready."""
        if not self.alive:
            self.launch()
        self.ready()

    def close(self) -> None:
        """Stop the zygote and every runner it started."""
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

    def _command(self, control_fd: int) -> list[str]:
        python = _interpreter()
        config = json.dumps(
            {
                "sandboxed": not self.unsafe,
                "uid": self.uid,
                "preload": list(self.preload),
                "control_fd": control_fd,
                "private_tmp": private_tmp_possible(python_folders(python)),
                "environment": ENVIRONMENT,
                "cpu": self.cpu,
            }
        )
        if self.unsafe:
            return [python, "-I", "-B", str(SANDBOX_SIDE / "zygote.py"), config]
        return [bubblewrap_path(), *_bubblewrap_arguments(python), python, "-I", "-B", "/judge/zygote.py", config]

    # -- requests ----------------------------------------------------------------------------

    def take_runner(self) -> Runner:
        """The runner handed over in advance, and the request for the next one."""
        self.start()
        if self.next_runner is None:
            if not self.spawn_requested:
                self.notify({"op": "spawn"})
                self.spawn_requested = True
            self._await("spawn", SPAWN_TIMEOUT_S)
        runner, self.next_runner = self.next_runner, None
        assert runner is not None
        self.notify({"op": "spawn"})
        self.spawn_requested = True
        return runner

    def request(self, message: dict[str, Any], *, timeout_s: float) -> dict[str, Any]:
        """One request to the running zygote, and its reply."""
        if not self.alive:
            self._fail("the sandbox stopped during the submission")
        self.notify(message)
        return self._await(str(message["op"]), timeout_s)

    def notify(self, message: dict[str, Any]) -> None:
        """A request without waiting for its reply (it is read when the reply is needed)."""
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
        if len(fds) != 4:
            self._fail(f"the sandbox did not hand over a runner: {header}")
        runner = Runner(int(header["runner"]), to_runner=fds[0], from_runner=fds[1], output=fds[2], pidfd=fds[3])
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
        self.close()
        raise SandboxFault(f"{reason}{f' ({stderr})' if stderr else ''}")

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        text = self._stderr.read()[-500:].decode("utf-8", "replace").strip()
        self._stderr.seek(0, os.SEEK_END)
        return text


def probe(*, timeout_s: float) -> None:
    """Start the interpreter under the zygote's bubblewrap arguments and let it exit: a cheap sign that slots can start.

    It checks what a real start needs (bubblewrap installed, namespaces and capabilities allowed, the
    interpreter's folders bindable) without importing numpy, so a readiness check can afford it.
    """
    python = _interpreter()
    command = [bubblewrap_path(), *_bubblewrap_arguments(python), python, "-I", "-S", "-c", "pass"]
    try:
        finished = subprocess.run(command, capture_output=True, timeout=timeout_s, env=ENVIRONMENT, check=False)
    except subprocess.TimeoutExpired:
        raise SandboxFault(f"the sandbox did not start within {timeout_s:g} s") from None
    if finished.returncode != 0:
        reason = finished.stderr.decode("utf-8", "replace").strip()[-300:] or f"exit status {finished.returncode}"
        raise SandboxFault(f"the sandbox cannot start: {reason}")


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
    folders = python_folders(python)
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


def python_folders(python: str) -> list[str]:
    """The installation and the virtual environment the interpreter runs from, outside /usr."""
    folders = {sys.base_prefix, sys.prefix, str(Path(python).parent.parent)}
    resolved = Path(python).resolve()
    folders.add(str(resolved.parent.parent))
    kept = sorted(folder for folder in folders if not folder.startswith("/usr"))
    # A folder inside another one is already bound.
    return [folder for folder in kept if not any(folder.startswith(other + "/") for other in kept)]
