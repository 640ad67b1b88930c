"""How calls cross the sandbox boundary: what the clock counts, what comes back, what the candidate's process sees."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from tests.judge.conftest import _sandbox_available
from vetml.judge.sandbox import Reply, Sandbox, pinning_pays, slot_cpu, uses_numeric_libraries

LIMITS = {"memory_mb": 512, "cpu_s": 30}


def call(sandbox: Sandbox, source: str, *args: object, time_ms: int = 2000) -> Reply:
    """Load ``source`` (defining ``solve``) in a fresh process and call it once."""
    loaded = sandbox.load(source, entry="solve", limits=LIMITS)
    assert loaded.ok, loaded
    return sandbox.call(args, {}, time_ms=time_ms)


def test_moving_a_large_argument_in_is_not_on_the_candidates_clock(sandbox: Sandbox) -> None:
    # About 43 MB of encoded array: decoding it takes far longer than the 50 ms the function gets.
    values = np.arange(4_000_000, dtype=np.float64)
    reply = call(sandbox, "def solve(values):\n    return float(values[-1])\n", values, time_ms=50)
    assert reply.ok, reply
    assert reply.value == 3_999_999.0
    assert reply.wall_ms < 50


def test_encoding_a_large_result_is_not_on_the_candidates_clock(sandbox: Sandbox) -> None:
    # Built in a few milliseconds (one pair, many references); encoding a million pairs takes far longer.
    source = "def solve(n):\n    return [[1.5, 'pair']] * n\n"
    reply = call(sandbox, source, 1_000_000, time_ms=150)
    assert reply.ok, reply
    assert len(reply.value) == 1_000_000
    assert reply.value[-1] == [1.5, "pair"]


def test_small_calls_round_trip_with_their_values_intact(sandbox: Sandbox) -> None:
    loaded = sandbox.load(
        "def solve(x):\n    return {'twice': x * 2, 'text': 'é' * 10}\n", entry="solve", limits=LIMITS
    )
    assert loaded.ok, loaded
    for value in (0, 7, -3, 10**30):
        reply = sandbox.call((value,), {}, time_ms=1000)
        assert reply.ok, reply
        assert reply.value == {"twice": value * 2, "text": "é" * 10}


def test_what_the_candidate_prints_comes_back_with_each_call(sandbox: Sandbox) -> None:
    source = "import sys\ndef solve(x):\n    print('seen', x)\n    print('warned', x, file=sys.stderr)\n    return x\n"
    loaded = sandbox.load(source, entry="solve", limits=LIMITS)
    assert loaded.ok, loaded
    first = sandbox.call((1,), {}, time_ms=1000)
    second = sandbox.call((2,), {}, time_ms=1000)
    assert "seen 1" in first.output and "warned 1" in first.output
    assert "seen 2" in second.output and "seen 1" not in second.output


def test_numerical_libraries_run_single_threaded_in_the_candidates_process(sandbox: Sandbox) -> None:
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "HOME")
    source = f"import os\ndef solve():\n    return {{k: os.environ.get(k) for k in {names!r}}}\n"
    reply = call(sandbox, source)
    assert reply.ok, reply
    assert reply.value == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "HOME": "/scratch"}


def test_standard_input_is_empty_rather_than_the_judges_channel(sandbox: Sandbox) -> None:
    reply = call(sandbox, "import sys\ndef solve():\n    return sys.stdin.read()\n")
    assert reply.ok, reply
    assert reply.value == ""


@pytest.mark.parametrize(
    ("source", "modules", "numeric"),
    [
        ("def solve(xs):\n    return sorted(xs)\n", None, False),
        ("import numpy as np\n", None, True),
        ("from sklearn.linear_model import LogisticRegression\n", None, True),
        ("import pandas\n", None, True),
        ("def test_it():\n    assert f(1) == 2\n", {"target": "import scipy.stats\n"}, True),
        ("numpyish = 1  # a longer word is not a library\n", None, False),
    ],
)
def test_code_naming_a_numerical_library_is_forked_with_numpy_loaded(
    source: str, modules: dict[str, str] | None, numeric: bool
) -> None:
    assert uses_numeric_libraries(source, modules) is numeric


def test_code_without_numerical_libraries_runs_in_a_process_without_numpy(sandbox: Sandbox) -> None:
    plain = call(
        sandbox, "import sys\ndef solve():\n    return sorted(m for m in sys.modules if m.startswith('nump'))\n"
    )
    assert plain.ok, plain
    assert plain.value == []
    numeric = call(
        sandbox, "import sys\nLOADED = 'numpy' in sys.modules\nimport numpy\ndef solve():\n    return LOADED\n"
    )
    assert numeric.ok, numeric
    assert numeric.value is True


def test_importing_a_library_to_decode_an_argument_is_not_on_the_clock(sandbox: Sandbox) -> None:
    # The plain process imports numpy (about 100 ms) and any process imports pandas (about 400 ms)
    # to decode these arguments; the function itself gets 30 ms.
    array = call(sandbox, "def solve(values):\n    return int(values.sum())\n", np.arange(10), time_ms=30)
    assert array.ok, array
    assert array.value == 45
    frame = pd.DataFrame({"a": [1, 2, 3]})
    shape = call(sandbox, "import numpy\ndef solve(frame):\n    return list(frame.shape)\n", frame, time_ms=30)
    assert shape.ok, shape
    assert shape.value == [3, 1]


def test_pinned_slots_run_on_cpus_of_their_own() -> None:
    _sandbox_available()
    allowed = sorted(os.sched_getaffinity(0))
    assert [slot_cpu(slot) for slot in range(2 * len(allowed))] == allowed * 2
    assert pinning_pays(len(allowed)) and not pinning_pays(len(allowed) - 1)
    source = "import os\ndef solve():\n    return sorted(os.sched_getaffinity(0))\n"
    with Sandbox(slot=0, pin_cpu=True) as first, Sandbox(slot=1, pin_cpu=True) as second:
        assert call(first, source).value == [first.cpu] == [allowed[0]]
        assert call(second, source).value == [second.cpu] == [allowed[1 % len(allowed)]]


def test_an_unpinned_slot_may_use_every_cpu(sandbox: Sandbox) -> None:
    reply = call(sandbox, "import os\ndef solve():\n    return sorted(os.sched_getaffinity(0))\n")
    assert sandbox.cpu is None
    assert reply.value == sorted(os.sched_getaffinity(0))
