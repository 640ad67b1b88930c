"""Accept any valid batching schedule that uses no more batches than the reference (which is optimal).

A schedule is {"dispatch_ms": [one time per batch], "batch_of": [one batch number per request]}. It
is valid when every request is assigned to an existing batch, every batch has 1..max_batch
requests, no batch is dispatched before one of its requests arrives, and every request finishes
(dispatch + fixed + per_item * batch size) within budget_ms of its arrival.
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


def _problem(schedule, arrivals, max_batch, fixed_ms, per_item_ms, budget_ms) -> str | None:
    if not isinstance(schedule, dict) or set(schedule) != {"dispatch_ms", "batch_of"}:
        return 'expected a dict with exactly the keys "dispatch_ms" and "batch_of"'
    dispatch, batch_of = schedule["dispatch_ms"], schedule["batch_of"]
    if not isinstance(dispatch, (list, tuple)) or not isinstance(batch_of, (list, tuple)):
        return "dispatch_ms and batch_of must be lists"
    if len(batch_of) != len(arrivals):
        return f"batch_of has {len(batch_of)} entries for {len(arrivals)} requests"
    for number, moment in enumerate(dispatch):
        if isinstance(moment, bool) or not isinstance(moment, (int, float)) or not math.isfinite(moment):
            return f"dispatch_ms[{number}] = {moment!r} is not a finite number"
    batches = len(dispatch)
    size = [0] * batches
    earliest = [math.inf] * batches
    latest = [-math.inf] * batches
    for request, batch in enumerate(batch_of):
        if not _is_int(batch) or not 0 <= batch < batches:
            return f"batch_of[{request}] = {batch!r} is not the number of a batch (0..{batches - 1})"
        size[batch] += 1
        arrival = arrivals[request]
        if arrival < earliest[batch]:
            earliest[batch] = arrival
        if arrival > latest[batch]:
            latest[batch] = arrival
    for batch in range(batches):
        if size[batch] == 0:
            return f"batch {batch} has no requests"
        if size[batch] > max_batch:
            return f"batch {batch} has {size[batch]} requests, more than max_batch = {max_batch}"
        if dispatch[batch] < latest[batch]:
            return (
                f"batch {batch} is dispatched at {dispatch[batch]}, "
                f"before one of its requests arrives at {latest[batch]}"
            )
        finish = dispatch[batch] + fixed_ms + per_item_ms * size[batch]
        if finish > earliest[batch] + budget_ms:
            return (
                f"batch {batch} finishes at {finish}, but its earliest request arrived at {earliest[batch]} "
                f"and must finish by {earliest[batch] + budget_ms}"
            )
    return None


def check(expected, actual, *, case, **options):
    problem = _problem(actual, **_inputs(case))
    if problem:
        return Outcome(False, "invalid schedule: " + problem)
    needed = len(expected["dispatch_ms"])
    if len(actual["dispatch_ms"]) > needed:
        return Outcome(False, f"valid, but uses {len(actual['dispatch_ms'])} batches where {needed} are enough")
    return Outcome(True)
