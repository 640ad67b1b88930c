"""The judge's side of the sandbox: starts a warm zygote under bubblewrap and talks to it.

bubblewrap gives the zygote an empty root with read-only binds of only what the interpreter needs
(``/usr``, the Python installation and its site-packages, the two sandbox-side modules), no
network, and its own PID, IPC and UTS namespaces; it dies with the judge. Inside it, the zygote
forks one fresh, namespaced, unprivileged, rlimited process per submission (see ``zygote.py``).
Each worker slot has its own zygote and its own uid, so the per-uid process limit of one slot never
starves another.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vetml.errors import ConfigurationError
from vetml.judge import codec

SANDBOX_SIDE = Path(__file__).parent
PRELOAD = ("numpy", "pandas")
FIRST_UID = 61000
# Threads beyond one make BLAS misbehave under an address-space limit and steal the other slot's core.
THREAD_ENV = dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"), "1")
START_TIMEOUT_S = 60.0
REPLY_GRACE_S = 5.0
ARGUMENT_ALLOWANCE_S = 20.0  # the zygote's own allowance for moving a call's arguments in
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


class Sandbox:
    """One worker slot: a zygote process and the requests it serves, one at a time."""

    def __init__(self, *, slot: int = 0, unsafe_no_sandbox: bool = False, output_limit: int = 1 << 20) -> None:
        self.slot = slot
        self.uid = FIRST_UID + slot
        self.unsafe = unsafe_no_sandbox
        self.output_limit = output_limit
        self.process: subprocess.Popen[bytes] | None = None
        self.selector: selectors.DefaultSelector | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the zygote and wait until it has imported its libraries."""
        if self.process is not None and self.process.poll() is None:
            return
        command = self._command()
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self._environment()
        )
        self.selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        ready = self._read_message(time.monotonic() + START_TIMEOUT_S)
        if ready.get("status") != "ready":
            self.close()
            raise SandboxFault(f"the sandbox did not start: {ready}")

    def close(self) -> None:
        """Stop the zygote and everything it started."""
        process, self.process = self.process, None
        if self.selector is not None:
            self.selector.close()
            self.selector = None
        if process is None:
            return
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        process.kill()
        process.wait(timeout=10)

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _command(self) -> list[str]:
        config = json.dumps(
            {"sandboxed": not self.unsafe, "uid": self.uid, "preload": list(PRELOAD), "output_limit": self.output_limit}
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
        """Start a fresh process for a submission and compile its code in it."""
        request = {"op": "load", "source": source, "entry": entry, "modules": modules or {}, "limits": limits}
        return self.request(request, timeout_s=30.0)

    def call(self, args: tuple[Any, ...], kwargs: dict[str, Any], *, time_ms: int, repeat: int = 1) -> Reply:
        """Call the loaded function once (or ``repeat`` times); the value comes back decoded."""
        request = {
            "op": "call",
            "args": codec.encode(list(args)),
            "kwargs": codec.encode(dict(kwargs)),
            "repeat": repeat,
            "time_ms": time_ms,
        }
        reply = self.request(request, timeout_s=time_ms / 1000 + ARGUMENT_ALLOWANCE_S)
        if reply.ok:
            try:
                reply.value = codec.decode(reply.value)
            except (codec.CodecError, ValueError, TypeError) as error:
                reply.status, reply.error = "error", f"the returned value is not plain data: {error}"
        return reply

    def run_tests(self, *, time_ms: int) -> Reply:
        """Run every test function of the loaded code; the value is a list of {name, passed, error}."""
        reply = self.request({"op": "run_tests", "time_ms": time_ms}, timeout_s=time_ms / 1000)
        if reply.ok:
            reply.value = codec.decode(reply.value)
        return reply

    def stop(self) -> None:
        """End the current submission's process; nothing it left behind survives."""
        if self.process is not None and self.process.poll() is None:
            self.request({"op": "stop"}, timeout_s=10.0)

    def ping(self) -> dict[str, Any]:
        """The zygote's pid and uid, to show it answers."""
        return self.request({"op": "ping"}, timeout_s=10.0).raw

    def request(self, message: dict[str, Any], *, timeout_s: float) -> Reply:
        """Send one request and read its reply; a silent or dead zygote is a SandboxFault."""
        self.start()
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(codec.dumps(message))
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError) as error:
            self._fail(f"the sandbox stopped accepting requests: {error}")
        deadline = time.monotonic() + timeout_s + REPLY_GRACE_S
        header = self._read_message(deadline)
        value = json.loads(self._read_frame(deadline)) if header.pop("has_body", False) else None
        if header.get("status") == "internal_error":
            self._fail(str(header.get("error", "unknown sandbox failure")))
        return _reply(header, value)

    def _fail(self, reason: str) -> None:
        stderr = self._stderr_tail()
        self.close()
        raise SandboxFault(f"{reason}{f' ({stderr})' if stderr else ''}")

    def _stderr_tail(self) -> str:
        process = self.process
        if process is None or process.stderr is None or process.poll() is None:
            return ""
        return process.stderr.read()[-500:].decode("utf-8", "replace").strip()

    def _read_message(self, deadline: float) -> dict[str, Any]:
        message = json.loads(self._read_frame(deadline))
        if type(message) is not dict:
            self._fail("the sandbox sent a malformed reply")
        return message  # type: ignore[no-any-return]

    def _read_frame(self, deadline: float) -> bytes:
        header = self._read_exactly(codec.HEADER.size, deadline)
        (size,) = codec.HEADER.unpack(header)
        return self._read_exactly(size, deadline)

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        assert self.process is not None and self.process.stdout is not None and self.selector is not None
        stream = self.process.stdout
        data = bytearray()
        while len(data) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.selector.select(remaining):
                self._fail("the sandbox did not answer in time")
            chunk = os.read(stream.fileno(), size - len(data))
            if not chunk:
                self._fail("the sandbox exited unexpectedly")
            data += chunk
        return bytes(data)


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
        "--dir", "/tmp",
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
    # Parents of the binds are created world-traversable: a host /root is 0700, and the candidate's
    # unprivileged uid must still reach the standard library to import modules the zygote has not.
    for parent in sorted({str(ancestor) for folder in folders for ancestor in Path(folder).parents} - {"/"}):
        arguments += ["--perms", "0755", "--dir", parent]
    for folder in folders:
        arguments += ["--ro-bind", folder, folder]
    return arguments


def _python_folders(python: str) -> list[str]:
    """The installation and the virtual environment the interpreter runs from, outside /usr."""
    folders = {sys.base_prefix, sys.prefix, str(Path(python).parent.parent)}
    resolved = Path(python).resolve()
    folders.add(str(resolved.parent.parent))
    kept = sorted(folder for folder in folders if not folder.startswith("/usr"))
    # A folder inside another one is already bound.
    return [folder for folder in kept if not any(folder.startswith(other + "/") for other in kept)]
