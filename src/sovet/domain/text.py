"""Checks for the text members type: names, short codes, contact details, Markdown."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from sovet.domain.errors import Invalid

MAX_ID = 2**31 - 1
"""The largest id or record position the storage holds (a 32-bit integer column)."""
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def name(value: Any, field: str, *, max_length: int = 120) -> str:
    """A person's or a body's name: printable, trimmed, 1..max_length characters."""
    if not isinstance(value, str):
        raise Invalid(f"{field}: expected text, not {type(value).__name__}")
    cleaned = " ".join(value.split())
    if not cleaned:
        raise Invalid(f"{field}: must not be empty")
    if len(cleaned) > max_length:
        raise Invalid(f"{field}: at most {max_length} characters, not {len(cleaned)}")
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise Invalid(f"{field}: contains control characters")
    return cleaned


def slug(value: Any, field: str) -> str:
    """A short code used in addresses: lowercase letters, digits and inner hyphens."""
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise Invalid(
            f"{field}: {value!r} is not a short code (1-64 lowercase letters, digits, hyphens)"
        )
    return value


def email(value: Any, field: str = "email") -> str:
    if not isinstance(value, str) or len(value) > 254 or not EMAIL.match(value.strip()):
        raise Invalid(f"{field}: {value!r} is not an e-mail address")
    return value.strip().lower()


def password(value: Any) -> str:
    if not isinstance(value, str) or not 10 <= len(value) <= 200:
        raise Invalid("password: must be 10 to 200 characters")
    return value


MAX_MARKDOWN = 20_000
ALLOWED_CONTROLS = frozenset("\n\t")


def markdown(value: Any, field: str, *, max_length: int = MAX_MARKDOWN) -> str:
    """Markdown that members write (motions, comments, reports, platforms): trimmed, with
    line ends made ``\\n``, 1..max_length characters, no control characters but newlines
    and tabs. It is rendered with raw HTML disabled (``render_markdown``)."""
    if not isinstance(value, str):
        raise Invalid(f"{field}: expected text, not {type(value).__name__}")
    cleaned = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise Invalid(f"{field}: must not be empty")
    return _checked(cleaned, field, max_length)


def passage(value: Any, field: str, *, max_length: int = MAX_MARKDOWN) -> str:
    """A passage of Markdown quoted or replaced in an amendment: like ``markdown`` but
    kept as typed (not trimmed), and it may be empty."""
    if not isinstance(value, str):
        raise Invalid(f"{field}: expected text, not {type(value).__name__}")
    return _checked(value.replace("\r\n", "\n").replace("\r", "\n"), field, max_length)


def _checked(value: str, field: str, max_length: int) -> str:
    if len(value) > max_length:
        raise Invalid(f"{field}: at most {max_length} characters, not {len(value)}")
    for ch in value:
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}:
            raise Invalid(f"{field}: contains a control or unassigned character ({ord(ch):#x})")
    return value


HEADING_SHIFT = 2
"""How many levels members' headings go down: a page has its title (``h1``) and its
sections (``h2``), so what a member writes starts at ``h3``."""
LOWEST_HEADING = 6


def _demote_headings(state: StateCore) -> None:
    """Move every heading ``HEADING_SHIFT`` levels down, to ``h6`` at the lowest."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1:]) + HEADING_SHIFT, LOWEST_HEADING)
            token.tag = f"h{level}"


_RENDERER = MarkdownIt("commonmark", {"html": False})
_RENDERER.core.ruler.push("demote_headings", _demote_headings)


def render_markdown(source: str) -> str:
    """HTML for members' Markdown: raw HTML is shown as text, unsafe link schemes
    (``javascript:``, ``vbscript:``, ``file:``, most ``data:``) are not linked, and
    headings start below the page's own (``# Title`` is an ``h3``)."""
    html: str = _RENDERER.render(source)
    return html
