"""Template syntax that reached a page's HTML: a macro call typed with one brace too few
('{ cite("Key") }}'), a stray '{{' or '%}'. Jinja passes such text through as it is, so without this
check the reader would see it and the build would pass."""
from __future__ import annotations

import html as _html
import re

# Code samples may show template syntax on purpose; nothing else may.
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{\s*[a-z_]+\(")


def leftover_template_syntax(page_html: str) -> list[str]:
    """Each leftover in the page's visible text, with a little of the text around it."""
    text = _html.unescape(_TAG.sub("", _CODE.sub(" ", page_html)))
    return [" ".join(text[max(0, m.start() - 30):m.end() + 30].split()) for m in _LEFTOVER.finditer(text)]
