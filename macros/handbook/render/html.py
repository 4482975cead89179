"""Small HTML helpers shared by the renderers."""
from html import escape


def esc(text) -> str:
    return escape(str(text), quote=True)
