"""Reading order on a PDF page: words grouped into lines, and two-column pages split at their gutter.

A page has two columns when a vertical gap runs through at least half of its text height with real
text on both sides. Narrow or row-aligned "columns" are not split: dates or labels beside each entry
(moderncv's layout, right-aligned dates, publication years) belong to the line they sit on.
"""

from __future__ import annotations

from dataclasses import dataclass

_ROW_TOLERANCE = 2.5  # points: words whose tops (or bottoms) differ by less share a line
_GUTTER_HALF_WIDTH = 4.0  # points: a gutter is at least 8 pt wide on every line beside it
_GUTTER_STEP = 2
_EDGE_SHARE = 0.15  # a gutter lies at least this far inside the text, measured on its width
_MIN_COLUMN_SHARE = 0.5  # the columns fill at least half of the page's text height
_MIN_COLUMN_WIDTH = 0.15  # each column's text spans at least this share of the page width
_ALIGNED_SHARE = 0.9  # when this share of the shorter column's lines pair with lines beside them, it is a table
Line = tuple["Word", ...]


@dataclass(frozen=True)
class Word:
    """A word as pdfplumber placed it, with what the heading rules need."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def centre(self) -> float:
        """The word's horizontal middle, which decides its column."""
        return (self.x0 + self.x1) / 2


def group_lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines by vertical position, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: (word.top, word.x0)):
        first = lines[-1][0] if lines else None
        if first is not None and (
            abs(word.top - first.top) <= _ROW_TOLERANCE or abs(word.bottom - first.bottom) <= _ROW_TOLERANCE
        ):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [tuple(sorted(line, key=lambda word: word.x0)) for line in lines]


def reading_blocks(words: list[Word], page_width: float) -> list[list[Word]]:
    """The page in reading order: one block, or what is above the columns, left, right and what is below."""
    lines = group_lines(words)
    gutter = _find_gutter(lines, page_width * _MIN_COLUMN_WIDTH)
    if gutter is None:
        return [words]
    x, first, last = gutter
    band = [word for line in lines[first : last + 1] for word in line]
    return [
        [word for line in lines[:first] for word in line],
        [word for word in band if word.centre < x],
        [word for word in band if word.centre >= x],
        [word for line in lines[last + 1 :] for word in line],
    ]


def _find_gutter(lines: list[Line], min_width: float) -> tuple[float, int, int] | None:
    """(x, first line, last line) of the tallest gap that splits the page into two columns, if any."""
    if len(lines) < 4:
        return None
    left = min(word.x0 for line in lines for word in line)
    right = max(word.x1 for line in lines for word in line)
    best: tuple[float, int, int] | None = None
    best_height = _MIN_COLUMN_SHARE * _height(lines, 0, len(lines) - 1)
    margin = (right - left) * _EDGE_SHARE
    for x in range(int(left + margin), int(right - margin) + 1, _GUTTER_STEP):
        run = _tallest_split(lines, x, min_width)
        if run is not None and _height(lines, *run) >= best_height:
            best, best_height = (float(x), *run), _height(lines, *run)
    return best


def _tallest_split(lines: list[Line], x: float, min_width: float) -> tuple[int, int] | None:
    """The tallest run of consecutive lines that no word crosses at x, with a column on each side."""
    runs: list[tuple[int, int]] = []
    start = 0
    for index, line in enumerate([*lines, ()]):
        if line and all(word.x1 + _GUTTER_HALF_WIDTH <= x or word.x0 - _GUTTER_HALF_WIDTH >= x for word in line):
            continue
        if index > start and _are_columns(lines[start:index], x, min_width):
            runs.append((start, index - 1))
        start = index + 1
    return max(runs, key=lambda run: _height(lines, *run), default=None)


def _are_columns(lines: list[Line], x: float, min_width: float) -> bool:
    """Text on both sides of x that reads as two columns rather than a table or labels beside lines."""
    left = [tuple(word for word in line if word.x1 <= x) for line in lines]
    right = [tuple(word for word in line if word.x0 >= x) for line in lines]
    if not (_is_column(left, min_width) and _is_column(right, min_width)):
        return False
    paired = sum(1 for on_left, on_right in zip(left, right, strict=True) if on_left and on_right)
    shorter = min(sum(1 for part in left if part), sum(1 for part in right if part))
    return paired < _ALIGNED_SHARE * shorter


def _is_column(parts: list[Line], min_width: float) -> bool:
    """At least two lines, spanning at least `min_width` points across."""
    words = [word for part in parts for word in part]
    if sum(1 for part in parts if part) < 2:
        return False
    return max(word.x1 for word in words) - min(word.x0 for word in words) >= min_width


def _height(lines: list[Line], first: int, last: int) -> float:
    """The height from the top of one line to the bottom of another."""
    return max(word.bottom for word in lines[last]) - min(word.top for word in lines[first])
