"""Plain typed data across the sandbox boundary: JSON with explicit tags, never pickle.

The judge sends arguments into the sandbox and reads results back with this codec. Decoding only
ever builds plain values (numbers, strings, lists, tuples, dicts, sets, bytes, numpy arrays of
numeric dtypes, pandas frames and series), so a candidate cannot smuggle an object whose
``__eq__`` always answers True, nor run code in the judge by what it returns.

This module runs inside the sandbox too, so it imports nothing from vetml.
"""

from __future__ import annotations

import base64
import json
import math
import struct
import sys
from typing import Any

MAX_DEPTH = 64
# Only dtypes that cannot hold Python objects may cross the boundary.
ARRAY_KINDS = frozenset("biufc")
HEADER = struct.Struct(">I")
_CONTAINERS = (list, dict)


class CodecError(ValueError):
    """A value that cannot cross the boundary, with what was wrong."""


def encode(value: Any) -> Any:
    """Turn ``value`` into JSON-compatible data with tags for the types JSON lacks."""
    return _encode(value, 0)


def _encode(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CodecError(f"value is nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if abs(value) < 2**53 else {"$int": str(value)}
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is list:
        if _all_plain(value):
            return value
        return [_encode(item, depth + 1) for item in value]
    if kind is tuple:
        return {"$tuple": [_encode(item, depth + 1) for item in value]}
    if kind is dict:
        if all(type(key) is str and not key.startswith("$") for key in value):
            return {key: _encode(item, depth + 1) for key, item in value.items()}
        return {"$dict": [[_encode(key, depth + 1), _encode(item, depth + 1)] for key, item in value.items()]}
    if kind is set or kind is frozenset:
        return {"$set": [_encode(item, depth + 1) for item in value]}
    if kind is bytes:
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    return _encode_library_value(value, depth)


def _all_plain(items: list[Any]) -> bool:
    """True when every item is JSON as it is (the common case of big lists of numbers or strings)."""
    for item in items:
        kind = type(item)
        if kind is float:
            if not math.isfinite(item):
                return False
        elif kind is int:
            if not -(2**53) < item < 2**53:
                return False
        elif not (kind is str or kind is bool or item is None):
            return False
    return True


def _encode_library_value(value: Any, depth: int) -> Any:
    # A numpy or pandas value implies its library is imported; the codec never imports one to encode,
    # so a sandbox process that does not use numpy does not pay for it.
    np = sys.modules.get("numpy")
    if np is not None:
        if isinstance(value, np.ndarray):
            return _encode_array(value)
        if isinstance(value, np.generic):
            return _encode(value.item(), depth)
    pd = sys.modules.get("pandas")
    if pd is not None:
        if isinstance(value, pd.DataFrame):
            columns = [_encode(name, depth + 1) for name in value.columns]
            data = [_encode_column(value[name]) for name in value.columns]
            return {"$frame": {"columns": columns, "data": data, "index": _encode_index(value.index)}}
        if isinstance(value, pd.Series):
            name = _encode(value.name, depth + 1)
            return {"$series": {"name": name, "data": _encode_column(value), "index": _encode_index(value.index)}}
    raise CodecError(f"values of type {type(value).__name__} cannot be returned; use plain Python or numpy data")


def _encode_array(array: Any) -> Any:
    if array.dtype.kind not in ARRAY_KINDS:
        if array.dtype.kind in "OUS":
            return {"$list_array": [_encode(item, 1) for item in array.tolist()], "shape": list(array.shape)}
        raise CodecError(f"numpy arrays of dtype {array.dtype} cannot be returned")
    contiguous = sys.modules["numpy"].ascontiguousarray(array)
    return {
        "$ndarray": {
            "dtype": contiguous.dtype.str,
            "shape": list(contiguous.shape),
            "data": base64.b64encode(contiguous.tobytes()).decode("ascii"),
        }
    }


def _encode_column(series: Any) -> Any:
    values = series.to_numpy()
    if values.dtype.kind in ARRAY_KINDS:
        return _encode_array(values)
    return [_encode(item, 1) for item in values.tolist()]


def _encode_index(index: Any) -> Any:
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return None
    return [_encode(item, 1) for item in index.tolist()]


def decode(data: Any) -> Any:
    """Rebuild plain values from :func:`encode`'s output; anything unexpected is a CodecError."""
    return _decode(data, 0)


def _decode(data: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CodecError(f"value is nested more than {MAX_DEPTH} levels deep")
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        if all(type(item) not in _CONTAINERS for item in data):
            return data
        return [_decode(item, depth + 1) for item in data]
    if kind is not dict:
        raise CodecError(f"unexpected {kind.__name__} in encoded data")
    tags = [key for key in data if key.startswith("$")]
    if not tags:
        return {key: _decode(item, depth + 1) for key, item in data.items()}
    return _decode_tagged(tags[0], data, depth)


def _decode_tagged(tag: str, data: dict[str, Any], depth: int) -> Any:
    body = data[tag]
    if tag == "$int":
        return int(_string(body))
    if tag == "$float":
        return float(_string(body))
    if tag == "$tuple":
        return tuple(_decode(item, depth + 1) for item in _list(body))
    if tag == "$set":
        return {_hashable(_decode(item, depth + 1)) for item in _list(body)}
    if tag == "$dict":
        return {_hashable(_decode(pair[0], depth + 1)): _decode(pair[1], depth + 1) for pair in _pairs(body)}
    if tag == "$bytes":
        return base64.b64decode(_string(body), validate=True)
    if tag == "$ndarray":
        return _decode_array(body)
    if tag == "$list_array":
        return _require_numpy().array(_decode(body, depth + 1), dtype=object).reshape(data.get("shape", [-1]))
    if tag == "$frame":
        return _decode_frame(body, depth)
    if tag == "$series":
        return _decode_series(body, depth)
    raise CodecError(f"unknown tag {tag!r}")


def _decode_array(body: Any) -> Any:
    numpy = _require_numpy()
    if type(body) is not dict:
        raise CodecError("malformed array")
    dtype = numpy.dtype(_string(body.get("dtype")))
    if dtype.kind not in ARRAY_KINDS:
        raise CodecError(f"arrays of dtype {dtype} are not accepted")
    shape = tuple(int(size) for size in _list(body.get("shape")))
    raw = base64.b64decode(_string(body.get("data")), validate=True)
    expected = dtype.itemsize * math.prod(shape)
    if len(raw) != expected:
        raise CodecError(f"array data has {len(raw)} bytes, its shape needs {expected}")
    return numpy.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_frame(body: Any, depth: int) -> Any:
    pandas = _require_pandas()
    columns = [_hashable(_decode(name, depth + 1)) for name in _list(body.get("columns"))]
    data = [_decode(column, depth + 1) for column in _list(body.get("data"))]
    frame = pandas.DataFrame(dict(zip(columns, data, strict=True)), columns=columns)
    return _with_index(frame, body.get("index"), depth)


def _decode_series(body: Any, depth: int) -> Any:
    pandas = _require_pandas()
    series = pandas.Series(_decode(body.get("data"), depth + 1), name=_decode(body.get("name"), depth + 1))
    return _with_index(series, body.get("index"), depth)


def _with_index(value: Any, index: Any, depth: int) -> Any:
    if index is not None:
        value.index = _require_pandas().Index(_decode(index, depth + 1))
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    try:
        hash(value)
    except TypeError as error:
        raise CodecError(f"{type(value).__name__} cannot be a set item or dict key") from error
    return value


def _string(value: Any) -> str:
    if type(value) is not str:
        raise CodecError("expected a string in encoded data")
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise CodecError("expected a list in encoded data")
    return value


def _pairs(value: Any) -> list[list[Any]]:
    pairs = _list(value)
    if not all(type(pair) is list and len(pair) == 2 for pair in pairs):
        raise CodecError("malformed dict entries")
    return pairs


def _require_numpy() -> Any:
    """numpy, imported only when an array actually arrives."""
    try:
        import numpy
    except ImportError as error:  # pragma: no cover
        raise CodecError("numpy is not available") from error
    return numpy


def _require_pandas() -> Any:
    """pandas, imported only when a frame or series actually arrives."""
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover
        raise CodecError("pandas is not available") from error
    return pd


def dumps(message: Any) -> bytes:
    """A framed message: 4-byte big-endian length, then UTF-8 JSON."""
    payload = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return HEADER.pack(len(payload)) + payload


def loads(payload: bytes) -> Any:
    """Parse a message body (without its length header)."""
    return json.loads(payload.decode("utf-8"))
