"""Accepts any split that partitions the rows, keeps every group on one side and hits the test share."""

from collections.abc import Sequence
from numbers import Integral

from vetml.judge.testkit import Outcome


def _indices(side, name: str, n: int) -> list[int] | str:
    if hasattr(side, "tolist"):  # numpy array
        side = side.tolist()
    if isinstance(side, (str, bytes)) or not isinstance(side, (Sequence, set, frozenset)):
        return f"the {name} side must be a list of row indices, got {type(side).__name__}"
    out = []
    for value in side:
        if isinstance(value, bool) or not isinstance(value, Integral):
            return f"the {name} side holds {value!r}, which is not an integer row index"
        if not 0 <= int(value) < n:
            return f"the {name} side holds {value}, outside 0..{n - 1}"
        out.append(int(value))
    return out


def check(expected, actual, *, case, min_tolerance: float = 0.02, **options) -> Outcome:
    groups = case.args[0] if case.args else case.kwargs["groups"]
    test_size = case.args[1] if len(case.args) > 1 else case.kwargs["test_size"]
    n = len(groups)

    if isinstance(actual, (str, bytes)) or not isinstance(actual, Sequence) or len(actual) != 2:
        return Outcome(False, "return a pair (train_indices, test_indices)")
    train = _indices(actual[0], "train", n)
    if isinstance(train, str):
        return Outcome(False, train)
    test = _indices(actual[1], "test", n)
    if isinstance(test, str):
        return Outcome(False, test)

    if len(set(train)) != len(train) or len(set(test)) != len(test):
        return Outcome(False, "a row index appears more than once on the same side")
    if set(train) & set(test):
        return Outcome(False, "a row index appears on both sides")
    if len(train) + len(test) != n:
        return Outcome(False, f"the two sides hold {len(train) + len(test)} rows, expected all {n}")
    if not train or not test:
        return Outcome(False, "both the train side and the test side must be non-empty")

    train_groups = {groups[i] for i in train}
    leaked = [group for group in {groups[i] for i in test} if group in train_groups]
    if leaked:
        return Outcome(False, f"{len(leaked)} group(s) appear in both train and test, e.g. {leaked[0]!r}")

    sizes: dict = {}
    for group in groups:
        sizes[group] = sizes.get(group, 0) + 1
    tolerance = max(min_tolerance, max(sizes.values()) / n)
    share = len(test) / n
    if abs(share - test_size) > tolerance + 1e-12:
        return Outcome(
            False, f"the test side holds {share:.4f} of the rows; it must be within {tolerance:.4f} of {test_size}"
        )
    return Outcome(True)
