"""Passwords (argon2id) and bearer tokens (random, stored only as hashes).

The argon2 cost follows RFC 9106's low-memory profile. ``SOVET_PASSWORD_PROFILE=cheapest``
selects argon2's cheapest profile, for test suites that register many members; an
instance never needs it.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

_PROFILES = {"default": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher.from_parameters(
        _PROFILES[os.environ.get("SOVET_PASSWORD_PROFILE", "default")]
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


TOKEN_BYTES = 32
TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{(TOKEN_BYTES * 8 + 5) // 6}}}")
"""A token as ``new_token`` writes it: its random bytes in URL-safe base64, unpadded."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text: str) -> bool:
    """Whether ``text`` has a token's form (a receipt, an invitation code), whatever it is."""
    return TOKEN.fullmatch(text) is not None


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
