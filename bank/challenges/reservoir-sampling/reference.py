import random
from collections.abc import Iterable
from typing import Any


def reservoir_sample(stream: Iterable[Any], k: int) -> list[Any]:
    """Algorithm R: keep the first k items, then let item number i (0-based) replace a random slot with
    probability k / (i + 1). One pass, O(k) memory, every k-subset equally likely."""
    reservoir: list[Any] = []
    if k <= 0:
        return reservoir
    for seen, item in enumerate(stream):
        if seen < k:
            reservoir.append(item)
        else:
            slot = random.randrange(seen + 1)
            if slot < k:
                reservoir[slot] = item
    return reservoir
