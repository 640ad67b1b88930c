from vetml.judge.testkit import Case, Script

LARGE_STREAM = 200_000


def _uniform(name: str, stream: list, k: int, calls: int = 1_000) -> Case:
    """The candidate is called `calls` times on the same stream; the checker runs chi-square tests on the picks."""
    return Case(
        name,
        args=(stream, k),
        repeat=calls,
        checker="statistical",
        # alpha 1e-6: a correct sampler (the candidate's randomness is not seeded) fails a test about once in a
        # million submissions; the biased samplers in wrong/ score p < 1e-9.
        checker_options={"kind": "uniform_subset", "population": list(stream), "size": k, "alpha": 1e-6},
        subtask="uniformity",
        category="uniformity",
    )


def _check_large_stream(candidate) -> None:
    """One call on a long stream: the sample must be k distinct items spread over the whole stream."""
    n = LARGE_STREAM
    for k in (100, 1_000):
        sample = candidate(list(range(n)), k)
        assert isinstance(sample, list | tuple), f"expected a list, got {type(sample).__name__}"
        assert len(sample) == k, f"expected {k} items, got {len(sample)}"
        assert all(isinstance(item, int) and 0 <= item < n for item in sample), "sample holds items not in the stream"
        assert len(set(sample)) == k, "the same stream position was sampled twice"
        # For a uniform sample the mean position is n/2 with standard deviation about n / sqrt(12 k);
        # 0.2 n is at least 6.9 of those, so a correct sampler fails this less than once in 10**11 runs.
        mean = sum(sample) / k
        assert abs(mean - n / 2) < 0.2 * n, f"mean sampled position {mean:.0f} is far from {n / 2:.0f}: biased sample"


def examples():
    return [
        Case("stream shorter than k", args=(["a", "b", "c"], 5), expected=["a", "b", "c"], checker="unordered"),
        Case("k is zero", args=([1, 2, 3], 0), expected=[], checker="exact"),
    ]


def hidden():
    yield Case("empty stream", args=([], 2), expected=[], checker="exact", subtask="basic", category="edge cases")
    yield Case(
        "one item, k = 1",
        args=(["only"], 1),
        expected=["only"],
        checker="exact",
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "k equals the stream length",
        args=([5, 9, 2, 7], 4),
        expected=[5, 9, 2, 7],
        checker="unordered",
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "repeated values are separate items",
        args=(["x", "x", "y"], 4),
        expected=["x", "x", "y"],
        checker="unordered",
        subtask="basic",
        category="edge cases",
    )
    yield _uniform("3 of 10", list(range(10)), 3)
    yield _uniform("5 of 6", [f"req-{index}" for index in range(6)], 5)
    yield _uniform("4 of 12", list(range(100, 112)), 4)
    yield _uniform("1 of 30", [f"r{index:02d}" for index in range(30)], 1)
    yield _uniform("10 of 50", list(range(50)), 10)
    yield Script("200,000 requests, k = 100 and 1,000", _check_large_stream, subtask="large", category="large inputs")
