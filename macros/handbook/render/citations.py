"""Inline numbered citations and Vancouver-style reference lists.

Numbers are per page, in order of first citation, and link to the list at the foot of the same
page: a reader on a phone or a printout finds the source without leaving the page.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Mapping

from ..errors import DataError
from ..model.common import Cite
from ..model.references import Reference
from ..textrefs import CITE_PLACEHOLDER, REF_PLACEHOLDER
from .html import esc

MAX_AUTHORS = 6  # Vancouver: list six, then "et al."
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
DOI = "https://doi.org/{}"
PMC = "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def anchor(key: str) -> str:
    return f"ref-{key}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def vancouver(ref: Reference, references: Mapping[str, Reference] | None = None) -> str:
    """The reference as Vancouver-style HTML text, with PubMed, PMC, DOI and URL links. `references`
    resolves the `{ref:KEY}` placeholders of its note."""
    parts = []
    if ref.authors:
        names = ref.authors[:MAX_AUTHORS]
        parts.append(", ".join(names) + (", et al." if len(ref.authors) > MAX_AUTHORS else "."))
    elif ref.group_author:
        parts.append(_sentence(ref.group_author))
    title = ref.title + (" [Internet]" if ref.type == "web" else "")
    parts.append(_sentence(title))
    if ref.type in ("article",) and ref.journal:
        where = f"{ref.journal}."
        if ref.year:
            where += f" {ref.year}"
        if ref.volume:  # after the year's ';', or after the journal's '.' when the year is unknown
            where += f";{ref.volume}" if ref.year else f" {ref.volume}"
            if ref.issue:
                where += f"({ref.issue})"
        if ref.pages:
            where += f":{ref.pages}"
        parts.append(where.rstrip(".") + ".")
    else:
        container = [x for x in (ref.journal, ref.publisher) if x]
        if container:
            parts.append(_sentence("; ".join(container)))
        if ref.year and ref.type != "web":
            parts.append(f"{ref.year}.")
        if ref.updated:
            d = ref.updated
            parts.append(f"Updated {d.year} {MONTHS[d.month - 1]} {d.day}.")
    text = esc(" ".join(parts))
    links = []
    if ref.pmid:
        links.append(f'<a href="{PUBMED.format(ref.pmid)}">PubMed {esc(ref.pmid)}</a>')
    if ref.pmcid:
        links.append(f'<a href="{PMC.format(ref.pmcid)}">{esc(ref.pmcid)}</a>')
    if ref.doi:
        links.append(f'<a href="{DOI.format(esc(ref.doi))}">doi:{esc(ref.doi)}</a>')
    if ref.url:
        links.append(f'<a href="{esc(ref.url)}">{"Available online" if not links else "Web page"}</a>')
    out = text + (" " + " · ".join(links) if links else "")
    if ref.note:
        out += f' <span class="ref-note">{note_html(ref.note, references or {})}</span>'
    return out


def cited_text(text: str, cit: "Citations") -> str:
    """Our sentence as HTML, each `{cite:KEY,...}` replaced by its citation mark."""
    parts = CITE_PLACEHOLDER.split(text)  # text, keys, text, keys, ..., text
    return "".join(cit.cite(p.split(",")) if i % 2 else esc(p) for i, p in enumerate(parts))


def note_html(note: str, references: Mapping[str, Reference]) -> str:
    """A reference's note as HTML, each `{ref:KEY}` replaced by that source's author-date name."""
    parts = REF_PLACEHOLDER.split(_sentence(note))  # text, key, text, key, ..., text
    for key in parts[1::2]:
        if key not in references:
            raise DataError(f"unknown reference key '{key}' in {{ref:{key}}} of a note")
    labels = distinct_labels(references) if len(parts) > 1 else {}
    return "".join(esc(author_date(references[p], labels[p]) if i % 2 else p) for i, p in enumerate(parts))


def author_date(ref: Reference, label: str | None = None) -> str:
    """A source named in running text: 'Levenson 1985', 'Caroff and Mann 1993', 'Gurrera et al.
    2011'; without authors, its `label` (from distinct_labels) or short_label()."""
    if not ref.authors:
        return label or short_label(ref)
    surnames = [_surname(a) for a in ref.authors]
    who = (surnames[0] if len(surnames) == 1 else f"{surnames[0]} and {surnames[1]}" if len(surnames) == 2
           else f"{surnames[0]} et al.")
    year = ref.year or (ref.updated.year if ref.updated else None)
    return f"{who} {year}" if year else who


_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}


def _surname(author: str) -> str:
    """'dos Santos' from 'dos Santos DT', 'Keck' from 'Keck PE Jr': the Vancouver name without its
    initials and generational suffix."""
    words = author.split(" ")
    if len(words) > 2 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return " ".join(words[:-1]) or author


def short_label(ref: Reference) -> str:
    """'Gurrera 2011', 'dos Santos 2021', 'MSD Manuals 2023' for tooltips and screen readers; with
    no year known, the author and where it appeared ('Strawn, Current Psychiatry'); with nothing
    but a title, the whole title (its part before a colon can be as bare as 'Neuroleptic malignant
    syndrome')."""
    year = ref.year or (ref.updated.year if ref.updated else None)
    if ref.authors:
        who = _surname(ref.authors[0])
        if not year and (ref.journal or ref.publisher):
            return f"{who}, {ref.journal or ref.publisher}"
    else:
        who = ref.group_author or ref.journal or ref.publisher or ref.title
    return f"{who} {year}" if year else who


def distinct_labels(references: Mapping[str, Reference]) -> dict[str, str]:
    """short_label() of every reference, told apart where two would read alike, so a tooltip never
    leaves the reader guessing which source it means: 'Gurrera 2017a' and 'Gurrera 2017b' (in
    the order of references.yaml), and for web pages without authors the page's title ('MSD Manual Professional Version
    2023: Serotonin syndrome')."""
    groups = defaultdict(list)
    for key, ref in references.items():
        groups[short_label(ref)].append(key)
    labels = {}
    for label, keys in groups.items():
        if len(keys) == 1:
            labels[keys[0]] = label
        elif all(references[k].authors and label[-1:].isdigit() for k in keys):
            for letter, k in zip("abcdefghij", keys):
                labels[k] = label + letter
        else:
            for k in keys:
                labels[k] = f"{label}: {_sentence(references[k].title).rstrip('.')}"
    return labels


@dataclass
class Citations:
    """Citation numbering for one page."""

    references: Mapping[str, Reference]
    page: str = "(page)"
    order: list[str] = field(default_factory=list)

    @cached_property
    def labels(self) -> dict[str, str]:
        return distinct_labels(self.references)

    def number(self, key: str) -> int:
        if key not in self.references:
            raise DataError(f"{self.page}: unknown citation key '{key}' "
                            "(not in macros/data/references.yaml)")
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1

    def cite(self, cites: Iterable[Cite | str]) -> str:
        """`<sup>` with one link per source, e.g. [1, 3 (Table 3)]."""
        links = []
        for c in cites:
            c = Cite(key=c) if isinstance(c, str) else c
            n = self.number(c.key)
            label = self.labels[c.key]
            loc = f", {c.locator}" if c.locator else ""
            # Named "Reference n"; the source is the title, which a screen reader gives as the link's
            # description. With the source in the name too, the grid's citation names alone ran
            # longer than its content, and column headers repeated them on every move.
            links.append(f'<a href="#{anchor(c.key)}" title="{esc(label + loc)}" '
                         f'aria-label="Reference {n}">{n}</a>')
        if not links:
            raise DataError(f"{self.page}: a citation needs at least one reference key")
        return f'<sup class="cite" data-search-exclude>[{", ".join(links)}]</sup>'

    def reference_list(self, heading: str = "References") -> str:
        """The list of this page's sources, numbered as cited. Markdown heading + HTML list."""
        if not self.order:
            return ""
        items = "".join(f'<li id="{anchor(k)}">{vancouver(self.references[k], self.references)}</li>'
                        for k in self.order)
        return f'\n\n## {heading} {{ #references data-search-exclude }}\n\n<ol class="references">{items}</ol>\n'


def all_references_list(references: Mapping[str, Reference], keys: Iterable[str]) -> str:
    """The site-wide list: alphabetical by first author, each with a stable anchor by key."""
    rendered = {k: vancouver(references[k], references) for k in set(keys)}
    chosen = sorted(rendered, key=lambda k: (rendered[k].lower(), k))
    items = "".join(f'<li id="{anchor(k)}" data-key="{esc(k)}">{rendered[k]}</li>' for k in chosen)
    return f'<ol class="references references-all">{items}</ol>'
