"""Binds the loaded data to the page being rendered and offers the macro functions.

`Site` knows nothing of MkDocs: it is given a function that names the current page. Feature
modules in `handbook/pages/` each expose `macros(site) -> {name: function}`; they are found
automatically, so adding a page type never touches this file or `define_env`.
"""
from __future__ import annotations

import datetime
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Callable

from . import pages as _pages
from .data import PROJECT_ROOT, Handbook
from .errors import DataError
from .model.common import Cite
from .render import facts as rfacts
from .render.citations import Citations, all_references_list
from .render.html import esc
from .textrefs import REF_PLACEHOLDER

DOCS_DIR = PROJECT_ROOT / "docs"
_CITE_IN_SOURCE = re.compile(r"""cite\(\s*((?:["'][A-Za-z0-9-]+["']\s*,?\s*)+)""")


class Site:
    def __init__(self, handbook: Handbook, current_page: Callable[[], str] = lambda: "(page)",
                 docs_dir: Path = DOCS_DIR):
        self.hb = handbook
        self.current_page = current_page
        self.docs_dir = Path(docs_dir)
        self._citations: dict[str, Citations] = {}
        self._checked: dict[str, list[datetime.date]] = {}

    # -- per-page state -------------------------------------------------------------------
    @property
    def page(self) -> str:
        return self.current_page()

    @property
    def citations(self) -> Citations:
        page = self.page
        if page not in self._citations:
            self._citations[page] = Citations(self.hb.references, page=page)
        return self._citations[page]

    def checked(self, date: datetime.date | None):
        """Record the check date of a fact shown on this page."""
        if date is not None:
            self._checked.setdefault(self.page, []).append(date)

    # -- macros -----------------------------------------------------------------------------
    def cite(self, *keys: str, locator: str | None = None) -> str:
        """{{ cite("Gurrera2011") }} or {{ cite("Tse2015", locator="Table 3") }}"""
        if not keys:
            raise DataError(f"{self.page}: cite() needs at least one reference key")
        if locator is not None and len(keys) > 1:
            # The locator would be given to every source: cite each one with its own.
            raise DataError(f"{self.page}: cite({', '.join(map(repr, keys))}, locator={locator!r}): a locator "
                            "belongs to one source; write one cite() per source")
        return self.citations.cite([Cite(key=k, locator=locator) for k in keys])

    def fact(self, fact_id: str) -> str:
        """{{ fact("mortality-nis") }}: the figure exactly as the source gives it, cited."""
        f = rfacts.get_fact(self.hb.facts, fact_id, self.page)
        self.checked(f.last_checked)
        return rfacts.fact_value(f, self.citations)

    def say(self, fact_id: str) -> str:
        """{{ say("mortality-nis") }}: the fact's own sentence with the figure, cited."""
        f = rfacts.get_fact(self.hb.facts, fact_id, self.page)
        self.checked(f.last_checked)
        return rfacts.fact_statement(f, self.citations)

    def references(self) -> str:
        """{{ references() }} at the foot of a page: the sources cited above, and the check date."""
        out = self.citations.reference_list()
        dates = self._checked.get(self.page)
        if dates:
            oldest = min(dates)
            out += (f'\n<p class="last-checked">Clinical facts on this page were last checked against '
                    f'their sources on <time datetime="{oldest.isoformat()}">{oldest.isoformat()}</time>.</p>\n')
        return out

    def all_references(self) -> str:
        """{{ all_references() }}: every source cited in the data or in a page."""
        return all_references_list(self.hb.references, self.cited_keys())

    def cited_keys(self) -> set[str]:
        keys: set[str] = set()
        from .data import _walk
        for obj in [*self.hb.criteria.values(), *self.hb.fact_files.values(), *self.hb.extra.values()]:
            keys.update(v.key for _, v in _walk(obj) if isinstance(v, Cite))
        unknown = []  # (page:line, key): named where the typo is, whichever page is being rendered
        for md in sorted(self.docs_dir.rglob("*.md")):
            text = md.read_text(encoding="utf-8")
            for match in _CITE_IN_SOURCE.finditer(text):
                for key in re.findall(r"[A-Za-z0-9-]+", match.group(1)):
                    keys.add(key)
                    if key not in self.hb.references:
                        line = text.count("\n", 0, match.start()) + 1
                        unknown.append((f"{md.relative_to(self.docs_dir).as_posix()}:{line}", key))
        if unknown:
            raise DataError("\n".join(f"{where}: unknown citation key '{key}' (not in "
                                      "macros/data/references.yaml)" for where, key in unknown))
        # A listed source's note may name another ({ref:KEY}, checked on load): list that one too,
        # or the reader meets a name with no entry to look it up in.
        todo = list(keys)
        while todo:
            for named in REF_PLACEHOLDER.findall(self.hb.references[todo.pop()].note or ""):
                if named not in keys:
                    keys.add(named)
                    todo.append(named)
        return keys

    def macros(self) -> dict[str, Callable]:
        found = {"cite": self.cite, "fact": self.fact, "say": self.say,
                 "references": self.references, "all_references": self.all_references}
        for info in pkgutil.iter_modules(_pages.__path__):
            module = importlib.import_module(f"{_pages.__name__}.{info.name}")
            for name, fn in module.macros(self).items():
                if name in found:
                    raise DataError(f"macro '{name}' is defined twice (handbook/pages/{info.name}.py)")
                found[name] = fn
        return found


__all__ = ["Site", "esc"]
