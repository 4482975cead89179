"""Placeholders inside free text of the data.

Figures (corrections): `{fact:ID}`, `{say:ID}`, `{points:SET/ITEM}` and `{total:SET}` stand for a
figure held elsewhere in the data, so every number shown keeps its source and is typed only once.
`{cite:KEY}` (or `{cite:KEY,KEY}`) puts a citation mark right after the statement it supports, where the correction's
closing `cite` list would seem to belong to its last sentence.

Sources (the notes of references.yaml): `{ref:KEY}` names another reference, shown to readers by
author and year ("Caroff and Mann 1993") rather than by its key, and checked like a citation."""
from __future__ import annotations

import re

_REFS = r"([A-Za-z0-9_/,-]+)"  # an id, SET/ITEM, a reference key, or keys joined by commas
PLACEHOLDER = re.compile(r"\{(fact|say|points|total|cite):" + _REFS + r"\}")
REF_PLACEHOLDER = re.compile(r"\{ref:([^{}\s]+)\}")
# Alone, in the guide tables' sentences: `{cite:KEY}` or `{cite:KEY,KEY}`.
CITE_PLACEHOLDER = re.compile(r"\{cite:" + _REFS + r"\}")

# Digits that are not figures: editions of the DSM, and years that date a source or an era
# ("reports from before 1984"); the figure those years qualify still comes from a placeholder.
NAMES_WITH_DIGITS = re.compile(r"\bDSM-(?:5|IV)(?:-TR)?\b|\b(?:19|20)\d\d\b")


def stray_digits(text: str) -> str | None:
    """The first digit typed straight into the text (outside placeholders and names), or None."""
    rest = NAMES_WITH_DIGITS.sub("", PLACEHOLDER.sub("", text))
    m = re.search(r"\S*\d\S*", rest)
    return m.group(0) if m else None


def unknown_cite_keys(text: str, refs: dict | None) -> list[tuple[str, str]]:
    """(the placeholder's keys as written, the unknown key) for each key of a `{cite:...}` in `text`
    that is not a reference; none while refs is None (references.yaml itself is broken)."""
    if refs is None:
        return []
    return [(keys, k) for keys in CITE_PLACEHOLDER.findall(text) for k in keys.split(",") if k not in refs]


# What each kind of text may hold, as a contributor would write it.
_FORMS = {PLACEHOLDER: "{fact:ID}, {say:ID}, {points:SET/ITEM}, {total:SET} or {cite:KEY,KEY}",
          CITE_PLACEHOLDER: "{cite:KEY} or {cite:KEY,KEY}",
          REF_PLACEHOLDER: "{ref:KEY}"}


def malformed(text: str, pattern: re.Pattern) -> list[str]:
    """Braces in `text` left over once the placeholders `pattern` reads are taken out ('{cite: Key}',
    '{Cite:Key}', '{cite:Key'): each would otherwise reach readers exactly as typed."""
    return [f"'{bad}' is not a placeholder: write {_FORMS[pattern]}, with no spaces inside the braces"
            for bad in re.findall(r"\{[^{}]*\}|[{}]", pattern.sub("", text))]


def weighted_items(cset) -> dict:
    """{item id: WeightedItem} of a criteria set whose rule is a weighted sum, else {}."""
    items = getattr(cset.rule, "weighted_sum", None) or []
    return {item.id: item for item in items}


def unresolved(text: str, hb) -> list[str]:
    """Placeholders in `text` that name nothing in the loaded data."""
    bad = [f"{{cite:{keys}}}: unknown citation key '{key}' (not in macros/data/references.yaml)"
           for keys, key in unknown_cite_keys(text, hb.known_refs())]
    for kind, ref in PLACEHOLDER.findall(text):
        if kind == "cite":
            continue  # checked above
        if kind in ("fact", "say"):
            fact = hb.facts.get(ref)
            if fact is None:
                bad.append(f"{{{kind}:{ref}}}: unknown fact '{ref}'")
            elif kind == "say" and not fact.statement:
                bad.append(f"{{say:{ref}}}: fact '{ref}' has no statement")
        elif ref.partition("/")[0] in hb.broken_sets:
            continue  # its own file's error is reported already
        elif kind == "total":
            cset = hb.criteria.get(ref)
            if cset is None or getattr(cset.rule, "total", None) is None:
                bad.append(f"{{total:{ref}}}: no criteria set '{ref}' with a weighted total")
        else:
            set_id, _, item = ref.partition("/")
            cset = hb.criteria.get(set_id)
            if cset is None or item not in weighted_items(cset):
                bad.append(f"{{points:{ref}}}: no weighted item '{item}' in criteria set '{set_id}'")
    return bad
