"""Checks for the text members type: names, short codes, contact details."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sovet.domain.errors import Invalid

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
