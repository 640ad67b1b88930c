"""The codec that carries values across the sandbox boundary: faithful for plain data, closed to anything else."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from vetml.judge import codec


def roundtrip(value: object) -> object:
    return codec.decode(json.loads(json.dumps(codec.encode(value))))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -(2**70),
        3.5,
        "text é",
        [1, [2, [3]]],
        (1, "a", (2.0,)),
        {"a": 1, "b": [1, 2]},
        {1: "one", (2, 3): "pair"},
        {"$tag": "a key that looks like a tag"},
        {1, 2, 3},
        frozenset({"x"}),
        b"\x00\xffbytes",
    ],
)
def test_plain_values_survive_the_round_trip(value: object) -> None:
    decoded = roundtrip(value)
    assert decoded == value
    assert type(decoded) is (set if type(value) is frozenset else type(value))


def test_special_floats_survive() -> None:
    decoded = roundtrip([math.inf, -math.inf, math.nan])
    assert decoded[:2] == [math.inf, -math.inf]
    assert math.isnan(decoded[2])


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int8", "uint16", "bool", "complex128"])
def test_numpy_arrays_keep_shape_and_dtype(dtype: str) -> None:
    array = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    decoded = roundtrip(array)
    assert isinstance(decoded, np.ndarray)
    assert decoded.dtype == array.dtype
    assert decoded.shape == (2, 3, 4)
    assert np.array_equal(decoded, array)


def test_numpy_scalars_become_python_numbers() -> None:
    assert roundtrip([np.float32(1.5), np.int64(7), np.bool_(True)]) == [1.5, 7, True]


def test_pandas_frames_and_series_survive() -> None:
    frame = pd.DataFrame({"city": ["Lagos", "Pune"], "latency_ms": [41.5, 38.0]}, index=[10, 20])
    decoded = roundtrip(frame)
    assert isinstance(decoded, pd.DataFrame)
    pd.testing.assert_frame_equal(decoded, frame)
    series = pd.Series([1, 2, 3], name="clicks")
    pd.testing.assert_series_equal(roundtrip(series), series)


@pytest.mark.parametrize(
    "value",
    [object(), lambda: 1, np.array([object()], dtype=object).reshape(1, 1)[0, 0], type("Custom", (), {})()],
)
def test_objects_cannot_cross(value: object) -> None:
    with pytest.raises(codec.CodecError):
        codec.encode(value)


def test_subclasses_of_plain_types_are_refused() -> None:
    class Sneaky(int):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = int.__hash__

    with pytest.raises(codec.CodecError, match="Sneaky"):
        codec.encode([Sneaky(1)])


@pytest.mark.parametrize(
    "data",
    [
        {"$ndarray": {"dtype": "|O", "shape": [1], "data": ""}},
        {"$ndarray": {"dtype": "<f8", "shape": [2], "data": "AAAAAAAAAAA="}},
        {"$pickle": "gASV"},
        {"$set": [[1, 2], {"a": 1}]},
        {"$dict": [[1]]},
        {"$tuple": "not a list"},
    ],
    ids=["object-dtype", "wrong-size", "unknown-tag", "unhashable-set-item", "bad-pair", "bad-tuple"],
)
def test_malformed_or_dangerous_data_is_refused(data: object) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(data)


def test_deep_nesting_is_refused() -> None:
    value: list[object] = []
    for _ in range(codec.MAX_DEPTH + 5):
        value = [value, {"k": 1}]
    with pytest.raises(codec.CodecError, match="nested"):
        codec.encode(value)


def test_framing() -> None:
    frame = codec.dumps({"op": "call", "args": [1]})
    (size,) = codec.HEADER.unpack(frame[: codec.HEADER.size])
    assert size == len(frame) - codec.HEADER.size
    assert codec.loads(frame[codec.HEADER.size :]) == {"op": "call", "args": [1]}
