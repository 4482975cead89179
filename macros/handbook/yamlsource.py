"""Read YAML while remembering where each value sits, so errors can point at a line.

PyYAML's composer gives every node a start mark; we keep the node tree next to the plain data
and look a pydantic error location up in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError


# libyaml's C parser where PyYAML was built with it (the PyPI wheels are): several times faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that refuses a mapping with the same key twice (YAML silently keeps the last),
    and leaves dates as text: YAML's own date reading stops the whole file at an impossible date
    such as 2026-11-31, naming no line or field, where the data model (model/common.py `Date`)
    names both."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

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


def _hint(problem: str, text: str, mark) -> str:
    """PyYAML's words for the usual slips, translated into what to do about them."""
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    char = line[mark.column:mark.column + 1]
    if "\t" in line:
        return "a tab on this line: indent with spaces only"
    if "cannot start any token" in problem and char:
        return f"text starting with '{char}' must be put in double quotes"
    if "mapping values are not allowed" in problem:
        return ("text containing ': ' must be put in double quotes, or this line is indented "
                "differently from the lines around it")
    if "expected '-' indicator" in problem or "expected <block end>" in problem:
        return ("check the indentation: the lines of one entry, and the items of one list, "
                "start in the same column")
    return ""


def load_yaml(path: Path, root: Path) -> Source:
    """Parse one file; a syntax error becomes a DataError with file and line."""
    try:
        shown = path.relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise DataError(f"{shown}:{line}: the file is not saved as UTF-8 (a byte there cannot be read); "
                        "save it again with the UTF-8 encoding, which every editor offers") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark else shown
        problem = getattr(exc, "problem", None) or str(exc)
        hint = _hint(problem, text, mark)
        raise DataError(f"{where}: YAML syntax error: {problem}" + (f" ({hint})" if hint else "")) from None
    source = Source(path=path, shown=shown, data=data, text=text)
    lines = _trailing_comments(source)
    if lines:
        raise DataError([f"{shown}:{n}: ' #' starts a YAML comment here, so the rest of the line is left "
                         "out of the value; put the whole text in double quotes, or move the comment to "
                         "a line of its own" for n in lines])
    return source


# A value, then a space and '#': YAML drops everything from the '#' (`value: 41.1 °C #severe` reads
# as "41.1 °C"), silently. The data keeps its comments on lines of their own.
_MAYBE_TRAILING = re.compile(r"^\s*[^\s#].*\s#")


def _trailing_comments(source: Source) -> list[int]:
    """1-based lines where a comment follows a value. The node tree (composed only when a line
    looks suspect) tells a comment from a '#' inside quoted text."""
    text_lines = source.text.splitlines()
    if not any(_MAYBE_TRAILING.match(line) for line in text_lines):
        return []
    found = set()

    def walk(node):
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):  # a block scalar ends on a later line: what follows is not its tail
                return
            rest = text_lines[node.end_mark.line][node.end_mark.column:] if node.end_mark.line < len(text_lines) else ""
            if re.match(r"[\s,\]}]*#", rest):  # past the value (and any closing brackets): a comment
                found.add(node.end_mark.line + 1)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(k)
                walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v)
    if source.node is not None:
        walk(source.node)
    return sorted(found)

