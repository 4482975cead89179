"""Drop the rules of Material's stylesheets that nothing on this site can match; pure functions,
called by hooks.py on the built site.

Material's main.css styles every feature the theme offers (blog, tags, annotations, code, Mermaid,
a dozen admonition types...) and palette.css every one of its twenty colours; this site uses a
fraction of them. main.css alone was two thirds of what a checklist page costs with JavaScript off.

A selector is kept unless it names a class, or a palette colour, that appears nowhere in the built
pages or in the site's scripts (the theme adds classes from its JavaScript; those are in its text).
This is the rule purgecss applies, with the same blind spot: a class built from pieces at run time.
The theme builds three (`md-tag--…`, `md-source__fact--…`, `tabbed-control--…`); every prefix that
a script completes with `${…}` is kept whole. tests/test_css_purge.py checks, in a browser, that no
element of any page matches a dropped selector, and that computed styles do not change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2

_WORD = re.compile(r"[A-Za-z_][\w-]*")
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DYNAMIC_PREFIX = re.compile(r"([A-Za-z_][\w-]*(?:--|__|-))\$\{")
_CLASS_IN_SELECTOR = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
# Palette colours and schemes are chosen by attribute: [data-md-color-primary=indigo].
_PALETTE_ATTR = re.compile(r"\[data-md-color-(primary|accent|scheme)=[\"']?([\w-]+)[\"']?\]")
_PALETTE_IN_HTML = re.compile(r"""data-md-color-(primary|accent|scheme)=["']([\w-]+)["']""")


@dataclass
class Used:
    """What the built site can match: class names, words of its scripts, palette values."""
    classes: set[str] = field(default_factory=set)
    script_words: set[str] = field(default_factory=set)
    dynamic_prefixes: set[str] = field(default_factory=set)
    palette: set[tuple[str, str]] = field(default_factory=set)

    def has_class(self, name: str) -> bool:
        return (name in self.classes or name in self.script_words
                or any(name.startswith(p) for p in self.dynamic_prefixes))


def used_by(pages: list[str], scripts: list[str]) -> Used:
    used = Used()
    for html in pages:
        for m in _CLASS_ATTR.finditer(html):
            used.classes.update((m.group(1) or m.group(2) or "").split())
        used.palette.update(_PALETTE_IN_HTML.findall(html))
    for js in scripts:
        used.script_words.update(_WORD.findall(js))
        used.dynamic_prefixes.update(_DYNAMIC_PREFIX.findall(js))
    return used


def _outside_parentheses(selector: str) -> str:
    """`.a:not(.b) :is(.c, .d)` -> `.a:not :is`: a class inside :not(), :is(), :where() or :has()
    need not be present for the selector to match, so only the others decide."""
    out, depth = [], 0
    for ch in selector:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _selector_can_match(selector: str, used: Used) -> bool:
    plain = _outside_parentheses(selector)
    no_attributes = _ATTRIBUTE.sub("", plain)  # `[href$=".pdf"]` names no class
    if not all(used.has_class(c) for c in _CLASS_IN_SELECTOR.findall(no_attributes)):
        return False
    return all(pair in used.palette for pair in _PALETTE_ATTR.findall(plain))


def _split_selectors(prelude: list) -> list[str]:
    """Top-level commas only: `:is(.a, .b)` stays one selector (tinycss2 nests what is inside
    brackets and functions in their own tokens)."""
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(tinycss2.serialize(current).strip())
            current = []
            continue
        current.append(token)
    parts.append(tinycss2.serialize(current).strip())
    return [p for p in parts if p]


def _purge_rules(rules, used: Used, dropped: list[str]) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = []
            for selector in _split_selectors(rule.prelude):
                (kept if _selector_can_match(selector, used) else dropped).append(selector)
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "container", "layer") \
                and rule.content is not None:
            inner = _purge_rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True),
                                 used, dropped)
            if inner:
                out.append("@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + "".join(inner) + "}")
        elif rule.type in ("at-rule", "qualified-rule"):
            out.append(tinycss2.serialize([rule]))  # @font-face, @keyframes, @page, @property...
    return out


def purge_with_dropped(css: str, used: Used) -> tuple[str, list[str]]:
    """The stylesheet without the selectors nothing can match, and those selectors."""
    dropped: list[str] = []
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return "".join(_purge_rules(rules, used, dropped)), dropped


def purge(css: str, used: Used) -> str:
    return purge_with_dropped(css, used)[0]


def read_site(site: Path) -> tuple[dict[Path, str], list[str]]:
    """Every page of a built site, by path, and every script but the search index (whose words are
    the pages' text, not class names)."""
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
    scripts = [p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.js"))
               if "search" not in p.relative_to(site).parts]
    return pages, scripts


def used_in_site(site: Path) -> Used:
    pages, scripts = read_site(site)
    return used_by(list(pages.values()), scripts)
