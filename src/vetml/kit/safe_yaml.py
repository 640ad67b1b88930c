"""``yaml.safe_load`` for files people write by hand, where every failure is a ``yaml.YAMLError``.

PyYAML's safe loader is safe from code execution but not from crashing: a date that does not exist
(``2021-13-45``) raises ``ValueError`` from the timestamp constructor, and a few thousand nested brackets
raise ``RecursionError`` after seconds of work. Callers already turn ``YAMLError`` into a located,
actionable message, so both become one here, and nesting is cut off long before Python's stack runs out.
"""

from __future__ import annotations

from typing import IO, Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.nodes import Node

MAX_DEPTH = 100  # real bank, challenge and loop files nest fewer than ten levels


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing documents nested deeper than ``MAX_DEPTH``."""

    def __init__(self, stream: str | IO[str]) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ComposerError(None, None, f"it is nested more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_timestamp(self, node: Node) -> Any:
        """A date or time, located in the file when it does not exist or is not one at all."""
        if not isinstance(node.value, str) or self.timestamp_regexp.match(node.value) is None:
            raise ConstructorError(None, None, f"{node.value!r} is not a date or time", node.start_mark)
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except (ValueError, OverflowError) as error:
            raise ConstructorError(None, None, f"{node.value} is not a real date ({error})", node.start_mark) from error


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def safe_load(stream: str | IO[str]) -> Any:
    """Parse one YAML document with the safe loader; anything wrong with the text is a ``yaml.YAMLError``."""
    loader = _Loader(stream)
    try:
        return loader.get_single_data()
    except UnicodeDecodeError:
        raise  # the file is not text at all; callers say so in their own words
    except (ValueError, OverflowError) as error:
        raise ConstructorError(None, None, f"a value cannot be read ({error})", None) from error
    finally:
        loader.dispose()
