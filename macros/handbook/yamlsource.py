"""Read YAML while remembering where each value sits, so errors can point at a line.

PyYAML's composer gives every node a start mark; we keep the node tree next to the plain data
and look a pydantic error location up in it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError


# libyaml's C parser where PyYAML was built with it (the PyPI wheels are): several times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses a mapping with the same key twice (YAML silently keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass
class Source:
    """A loaded YAML file: its data, the path shown in messages, and (composed only when an error
    needs a line number) its node tree."""

    path: Path
    shown: str
    data: object
    text: str = ""
    _node: yaml.Node | None = None

    @property
    def node(self) -> yaml.Node | None:
        if self._node is None and self.text:
            self._node = yaml.compose(self.text, Loader=_BaseLoader)
        return self._node

    def data_at(self, loc):
        """The raw value at a location, or None."""
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def line_of(self, loc) -> int | None:
        """1-based line of the value at a pydantic location (tuple of keys and indexes)."""
        node, line = self.node, None
        for part in loc:
            if node is None:
                break
            line = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                node = None
        if node is not None:
            line = node.start_mark.line + 1
        return line


def load_yaml(path: Path, root: Path) -> Source:
    """Parse one file; a syntax error becomes a DataError with file and line."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark else shown
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"{where}: YAML syntax error: {problem}") from None
    return Source(path=path, shown=shown, data=data, text=text)

