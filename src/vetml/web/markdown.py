"""Markdown for bank text: authors write paragraphs and lists in YAML, pages show them as HTML."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark with raw HTML switched off: whatever a text contains is escaped, never executed.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> Markup:
    """Render ``text`` as safe HTML (paragraphs, lists, emphasis, code)."""
    return Markup(_renderer.render(text))
