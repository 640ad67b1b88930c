"""Accept any valid batching schedule that uses no more batches than the reference (which is optimal).

A schedule is a list of [dispatch_ms, [request indices]]. It is valid when every request appears in
exactly one batch, every batch has 1..max_batch requests, no batch is dispatched before one of its
requests arrives, and every request finishes (dispatch + fixed + per_item * batch size) within
budget_ms of its arrival.
"""

import math

from vetml.judge.testkit import Outcome

PARAMETERS = ("arrivals", "max_batch", "fixed_ms", "per_item_ms", "budget_ms")


def _inputs(case) -> dict:
    values = dict(zip(PARAMETERS, case.args))
    values.update(case.kwargs)
    return values


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _problem(schedule, arrivals, max_batch, fixed_ms, per_item_ms, budget_ms) -> str | None:
    if not isinstance(schedule, (list, tuple)):
        return f"expected a list of batches, got {type(schedule).__name__}"
    seen = [False] * len(arrivals)
    for number, batch in enumerate(schedule):
        if not isinstance(batch, (list, tuple)) or len(batch) != 2:
            return f"batch {number} is not a [dispatch_ms, [indices]] pair"
        dispatch, members = batch
        if not _is_number(dispatch):
            return f"batch {number}: dispatch time {dispatch!r} is not a finite number"
        if not isinstance(members, (list, tuple)) or not members:
            return f"batch {number}: the request list is empty or not a list"
        if len(members) > max_batch:
            return f"batch {number} has {len(members)} requests, more than max_batch = {max_batch}"
        for index in members:
            if not _is_int(index) or not 0 <= index < len(arrivals):
                return f"batch {number}: {index!r} is not a request index"
            if seen[index]:
                return f"request {index} is in more than one batch"
            seen[index] = True
        latest = max(arrivals[index] for index in members)
        earliest = min(arrivals[index] for index in members)
        if dispatch < latest:
            return f"batch {number} is dispatched at {dispatch} before one of its requests arrives ({latest})"
        finish = dispatch + fixed_ms + per_item_ms * len(members)
        if finish > earliest + budget_ms:
            return (
                f"batch {number} finishes at {finish}, but its earliest request arrived at {earliest} "
                f"and must finish by {earliest + budget_ms}"
            )
    if not all(seen):
        return f"request {seen.index(False)} is in no batch"
    return None


def check(expected, actual, *, case, **options):
    inputs = _inputs(case)
    problem = _problem(actual, **inputs)
    if problem:
        return Outcome(False, "invalid schedule: " + problem)
    if len(actual) > len(expected):
        return Outcome(False, f"valid, but uses {len(actual)} batches where {len(expected)} are enough")
    return Outcome(True)
