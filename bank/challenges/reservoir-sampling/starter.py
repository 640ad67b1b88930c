from collections.abc import Iterable
from typing import Any


def reservoir_sample(stream: Iterable[Any], k: int) -> list[Any]:
    """Return min(k, n) items of the stream, every k-subset equally likely, reading the stream once."""
    raise NotImplementedError
