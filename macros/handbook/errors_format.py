"""Turn a pydantic error location into words a clinician can act on:
`macros/data/criteria/iec.yaml:23: set 'iec': item 'hyperthermia': field 'points': expected an integer, got '18 pts'`.
"""
from __future__ import annotations

from .yamlsource import Source

# How a list's elements are named in messages, by the key that holds the list.
SINGULAR = {
    "findings": "finding", "weighted_sum": "item", "facts": "fact", "warnings": "warning",
    "values": "value", "disputed": "disputed threshold", "features": "feature", "thresholds": "threshold",
    "cells": "cell", "discriminating": "pair", "conditions": "condition", "of": "node", "all": "node",
    "any": "node", "validation": "validation figure", "cite": "citation",
}

_TYPE_WORDS = {
    "int_type": "expected an integer", "int_parsing": "expected an integer",
    "int_from_float": "expected an integer",
    "float_type": "expected a number", "float_parsing": "expected a number",
    "string_type": "expected text", "bool_type": "expected true or false",
    "list_type": "expected a list", "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "date_type": "expected a date (YYYY-MM-DD)", "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "missing": "required but missing", "extra_forbidden": "unknown field (check the spelling; see the schema)",
    "too_short": "must not be empty",
}


def _entry_name(container_key, item) -> str | None:
    if isinstance(item, dict):
        ident = item.get("id") or item.get("key")
        if isinstance(ident, str):
            return f"{SINGULAR.get(container_key, container_key or 'entry')} '{ident}'"
    return None


def describe_location(data, loc, top: str | None = None) -> tuple[list[str], str | None]:
    """Walk `loc` through the raw data: entries named by their id, the last key as the field."""
    parts, field, node, parent_key, trail = [], None, data, None, []
    if top and isinstance(data, dict) and isinstance(data.get("id"), str):
        # A file holding one object (a criteria set): name it first.
        parts.append(f"{top} '{data['id']}'")
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            named = _entry_name(parent_key or top, node)
            if named:
                parts.append(named)
                trail = []
            else:
                trail.append(f"[{step}]")
            continue
        if isinstance(step, str) and isinstance(node, dict):
            if step in node and not last and isinstance(node[step], (dict, list)):
                trail.append(("." if trail else "") + step)
                parent_key = step
                node = node[step]
                continue
            if last or step not in node:
                field = step
                break
            node = node[step]
        else:
            # Tags added by pydantic unions (e.g. 'all', 'function-before[...]') are not data keys.
            continue
    if trail:
        where = "".join(trail).lstrip(".")
        parts.append(f"at {where}")
    return parts, field


def _got(value) -> str:
    if isinstance(value, (dict, list)):
        return ""
    return f", got {value!r}" if not isinstance(value, str) else f", got '{value}'"


# A pattern error names a regular expression; say instead what the field wants, by its name.
_PATTERN_WORDS = {
    "doi": "write the DOI itself, starting with 10., not a link or 'doi:'",
    "pmid": "write the PubMed number alone, 5 to 9 digits (21733489), without 'PMID'",
    "pmcid": "write PMC and its digits (PMC6278220)",
    "url": "a web address must start with https://",
}


def _words(kind: str, field: str | None, err: dict) -> str:
    """What was wrong, in words a contributor can act on."""
    if kind == "number":
        return "expected a number"
    if kind == "string_pattern_mismatch" and field in _PATTERN_WORDS:
        return _PATTERN_WORDS[field]
    if kind == "literal_error" and err.get("input") == "":
        # `operator: >` is YAML for an empty folded text, not the symbol
        return err["msg"] + "; quote a symbol, as in operator: \">\""
    return _TYPE_WORDS.get(kind) or err["msg"].removeprefix("Value error, ")


def format_pydantic(source: Source, errors, top: str | None = None) -> list[str]:
    out, seen = [], set()
    for err in errors:
        loc, kind = _clean_loc(err["loc"]), err["type"]
        if kind in ("int_type", "float_type") and err["loc"][-1:] in (("int",), ("float",)):
            kind = "number"  # a union of int and float reports twice; say it once
        parts, field = describe_location(source.data, loc, top)
        line = source.line_of(loc)
        where = f"{source.shown}:{line}" if line else source.shown
        words = _words(kind, field, err)
        # What was typed, where it helps: after a wrong type or pattern (not after 'missing' or a
        # message of pydantic's own, which names it already)
        shows_input = kind in ("number", "string_pattern_mismatch") or (
            kind in _TYPE_WORDS and kind not in ("missing", "extra_forbidden", "too_short"))
        got = _got(err.get("input")) if shows_input else ""
        label = [*parts]
        if field:
            label.append(f"field '{field}'")
        message = ": ".join([where, *label, words + got])
        if message not in seen:
            seen.add(message)
            out.append(message)
    return out


_UNION_MEMBERS = {"int", "float", "str", "Cite"}


def _clean_loc(loc) -> tuple:
    """Drop the tags pydantic adds for union members: ('all', 'all', 1) -> ('all', 1)."""
    out = []
    for i, part in enumerate(loc):
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(part, str) and (part == nxt or "[" in part):
            continue
        if isinstance(part, str) and part in _UNION_MEMBERS and i == len(loc) - 1:
            continue
        out.append(part)
    return tuple(out)
