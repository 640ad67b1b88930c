"""Hostile candidate code against the real sandbox: each attack is contained and gets a clear verdict."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from vetml.judge.sandbox import Reply, Sandbox

PROJECT = Path(__file__).resolve().parents[2]
LIMITS = {"memory_mb": 128, "cpu_s": 20}


def run(sandbox: Sandbox, source: str, *args: object, time_ms: int = 2000) -> Reply:
    """Load ``source`` (defining ``attack``) in a fresh process and call it once."""
    loaded = sandbox.load(source, entry="attack", limits=LIMITS)
    if not loaded.ok:
        return loaded
    return sandbox.call(args, {}, time_ms=time_ms)


def assert_still_serves(sandbox: Sandbox) -> None:
    """After an attack the slot judges the next submission normally."""
    reply = run(sandbox, "def attack(x):\n    return x * 2\n", 21)
    assert reply.ok, reply
    assert reply.value == 42


def test_an_infinite_loop_is_a_time_limit(sandbox: Sandbox) -> None:
    reply = run(sandbox, "def attack():\n    while True:\n        pass\n", time_ms=300)
    assert reply.status == "time_limit"
    assert 300 <= reply.wall_ms < 1500
    assert_still_serves(sandbox)


def test_a_fork_bomb_is_contained_and_leaves_nothing_behind(sandbox: Sandbox) -> None:
    source = """
import os
def attack():
    children = 0
    while True:
        try:
            if os.fork() == 0:
                while True:
                    pass
            children += 1
        except OSError:
            return children
"""
    reply = run(sandbox, source, time_ms=3000)
    assert reply.ok, reply
    assert reply.value < 16
    survivors = run(
        sandbox, "import os\ndef attack():\n    return sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
    )
    assert survivors.value == [1]


@pytest.mark.parametrize(
    "source",
    [
        "def attack():\n    return len(bytearray(10**10))\n",
        "def attack():\n    hoard = []\n    while True:\n        hoard.append(bytearray(10**7))\n",
        "import numpy as np\ndef attack():\n    return float(np.ones((50_000, 50_000)).sum())\n",
    ],
    ids=["one-huge-allocation", "growing-list", "numpy-array"],
)
def test_memory_bombs_hit_the_memory_limit(sandbox: Sandbox, source: str) -> None:
    reply = run(sandbox, source, time_ms=5000)
    assert reply.status == "memory_limit", reply
    assert_still_serves(sandbox)


def test_huge_output_is_cut_at_the_output_limit(sandbox: Sandbox) -> None:
    reply = run(sandbox, "def attack():\n    while True:\n        print('x' * 100_000)\n", time_ms=5000)
    assert reply.status == "output_limit"
    assert len(reply.output) <= 64 * 1024
    assert_still_serves(sandbox)


def test_there_is_no_network(sandbox: Sandbox) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        source = f"""
import socket
def attack():
    outcomes = []
    for host, port in (("127.0.0.1", {port}), ("8.8.8.8", 53)):
        try:
            socket.create_connection((host, port), timeout=1).close()
            outcomes.append("connected")
        except OSError as error:
            outcomes.append(type(error).__name__)
    return outcomes
"""
        reply = run(sandbox, source, time_ms=5000)
    assert reply.ok, reply
    assert "connected" not in reply.value


def test_only_the_scratch_folder_is_writable(sandbox: Sandbox) -> None:
    source = """
import os
def attack():
    results = {}
    for path in ("/usr/evil", "/judge/zygote.py", "/evil", "/etc/passwd", os.getcwd() + "/mine.txt"):
        try:
            with open(path, "w") as handle:
                handle.write("x")
            results[path] = "written"
        except OSError as error:
            results[path] = type(error).__name__
    return results
"""
    reply = run(sandbox, source)
    assert reply.ok, reply
    written = sorted(path for path, outcome in reply.value.items() if outcome == "written")
    assert written == ["/scratch/mine.txt"]


def test_a_file_left_in_scratch_is_gone_for_the_next_submission(sandbox: Sandbox) -> None:
    writer = """
def attack():
    open('/scratch/secret', 'w').write('s')
    try:
        open('/tmp/secret', 'w').write('s')  # read-only when the interpreter itself lives under /tmp
    except OSError:
        pass
"""
    assert run(sandbox, writer).ok
    reader = "import os\ndef attack():\n    return [os.path.exists(p) for p in ('/scratch/secret', '/tmp/secret')]\n"
    assert run(sandbox, reader).value == [False, False]


def test_host_files_the_project_and_hidden_tests_are_invisible(sandbox: Sandbox) -> None:
    hidden = [
        "/etc/shadow",
        str(PROJECT / "bank" / "challenges" / "merge-intervals" / "tests.py"),
        str(PROJECT / "bank" / "challenges" / "merge-intervals" / "reference.py"),
        str(PROJECT / "src" / "vetml" / "judge" / "engine.py"),
        str(PROJECT / "var"),
        "/root/.bash_history",
        "/home",
    ]
    source = f"""
import os
def attack():
    found = []
    for path in {hidden!r}:
        try:
            open(path).read()
            found.append(path)
        except IsADirectoryError:
            found.append(path)
        except OSError:
            pass
    return found
"""
    reply = run(sandbox, source)
    assert reply.ok, reply
    assert reply.value == []


def test_the_candidate_is_unprivileged(sandbox: Sandbox) -> None:
    source = """
import os
def attack():
    status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    return [os.getuid(), os.geteuid(), os.getgid(), status["CapEff"].strip(), status["NoNewPrivs"].strip()]
"""
    reply = run(sandbox, source)
    assert reply.ok, reply
    uid, euid, gid, capabilities, no_new_privs = reply.value
    assert uid == euid == gid == sandbox.uid
    assert uid != 0
    assert int(capabilities, 16) == 0
    assert no_new_privs == "1"


def test_signalling_the_parent_or_everyone_kills_only_the_candidate(sandbox: Sandbox) -> None:
    """Includes the process group: the next submission's process waits in the zygote's."""
    source = """
import os, signal
def attack():
    outcomes = []
    for pid in (os.getppid(), 0, 2, 3):
        try:
            os.kill(pid, signal.SIGKILL)
            outcomes.append("sent")
        except OSError as error:
            outcomes.append(type(error).__name__)
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    except OSError:
        pass
    os.kill(-1, signal.SIGKILL)
    return outcomes
"""
    reply = run(sandbox, source)
    assert reply.status in ("ok", "crashed", "error")
    assert sandbox.ping()["status"] == "ok"
    assert_still_serves(sandbox)


def test_crashing_the_interpreter_with_ctypes_is_a_runtime_error(sandbox: Sandbox) -> None:
    reply = run(sandbox, "import ctypes\ndef attack():\n    ctypes.memset(0, 1, 16)\n")
    assert reply.status == "crashed"
    assert "SIGSEGV" in reply.error
    assert_still_serves(sandbox)


def test_exiting_early_is_not_success(sandbox: Sandbox) -> None:
    reply = run(sandbox, "import os\ndef attack():\n    print('all tests passed')\n    os._exit(0)\n")
    assert reply.status == "crashed"
    assert "before returning a result" in reply.error


def test_an_object_that_equals_everything_cannot_be_returned(sandbox: Sandbox) -> None:
    source = """
class Anything:
    def __eq__(self, other):
        return True

class Sneaky(int):
    def __eq__(self, other):
        return True

def attack(which):
    return Anything() if which == 0 else Sneaky(5)
"""
    for which in (0, 1):
        reply = run(sandbox, source, which)
        assert reply.status == "error", reply
        assert "cannot be returned" in reply.error


def test_parallel_slots_have_their_own_uids_and_limits(sandbox: Sandbox, second_sandbox: Sandbox) -> None:
    bomb = "import os\ndef attack():\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n"  # noqa: E501
    results: dict[str, Reply] = {}
    thread = threading.Thread(target=lambda: results.update(bomb=run(sandbox, bomb, time_ms=1500)))
    thread.start()
    calm = run(second_sandbox, "import os\ndef attack():\n    os.fork() or os._exit(0)\n    return os.getuid()\n")
    thread.join()
    assert calm.ok, calm
    assert calm.value == second_sandbox.uid != sandbox.uid
    assert results["bomb"].status == "time_limit"


def test_the_judge_process_is_not_the_candidates_parent(sandbox: Sandbox) -> None:
    reply = run(sandbox, "import os\ndef attack():\n    return [os.getpid(), os.getppid()]\n")
    assert reply.value == [1, 0]
    assert os.getpid() != 1


def test_closing_the_result_channel_is_the_candidates_crash_not_ours(sandbox: Sandbox) -> None:
    reply = run(sandbox, "import os, time\ndef attack():\n    os.close(3)\n    time.sleep(30)\n", time_ms=5000)
    assert reply.status == "crashed"
    assert reply.wall_ms < 4000
    assert_still_serves(sandbox)


def _processes_of(uid: int) -> list[int]:
    """Host pids of the processes running as ``uid`` (the slot's runners and anything they started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:  # ended meanwhile
                continue
            uids = next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:]
            if int(uids[0]) == uid and "State:\tZ" not in status:
                found.append(int(entry.name))
    return found


def _settles_at(uid: int, count: int) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if len(_processes_of(uid)) <= count:
            return True
        time.sleep(0.05)
    return False


def test_a_finished_submission_leaves_no_process_even_one_that_refuses_to_exit(sandbox: Sandbox) -> None:
    """Only the two runners kept ready (one per zygote) stay; the candidate's process and its children go."""
    source = """
import os, threading, time
def _linger():
    while True:
        time.sleep(1)
threading.Thread(target=_linger).start()
if os.fork() == 0:
    _linger()
os._exit = lambda code: None  # the runner exits by itself when its channel closes; not this one
def attack():
    return 1
"""
    sandbox.stop()  # the previous test's process
    assert _settles_at(sandbox.uid, 2), _processes_of(sandbox.uid)
    reply = run(sandbox, source)
    assert reply.ok, reply
    assert len(_processes_of(sandbox.uid)) >= 4
    sandbox.stop()
    assert _settles_at(sandbox.uid, 2), _processes_of(sandbox.uid)
    looping = run(sandbox, "def attack():\n    while True:\n        pass\n", time_ms=200)
    assert looping.status == "time_limit"
    assert _settles_at(sandbox.uid, 2), _processes_of(sandbox.uid)


def test_forging_the_finished_frame_does_not_stop_the_clock(sandbox: Sandbox) -> None:
    """The runner's channel is in the candidate's process: it can write "finished" itself and keep computing."""
    source = """
import json, os, struct, time
def attack():
    body = json.dumps({"status": "finished"}, separators=(",", ":")).encode()
    os.write(3, struct.pack(">I", len(body)) + body)
    time.sleep(2.5)
    return 1
"""
    reply = run(sandbox, source, time_ms=300)
    assert reply.status == "time_limit", reply
    assert "kept running" in reply.error
    assert_still_serves(sandbox)
