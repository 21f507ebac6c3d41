"""The errors a governing act can be refused with.

Every refusal names what is wrong. The web and API layers map them to HTTP 4xx, the
CLI to exit code 2; none of them leaves partial state or a record entry behind.
"""

from __future__ import annotations


class Refused(Exception):
    """A request that sovet will not carry out, with the reason in words."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(Refused):
    """The request itself is malformed: a missing, unknown or out-of-range field."""

    status = 422


class NotFound(Refused):
    """The request names something that does not exist."""

    status = 404


class Conflict(Refused):
    """The request clashes with what exists: a duplicate name, a cycle, a held seat."""

    status = 409


class Forbidden(Refused):
    """The actor lacks the membership or mandate the act needs."""

    status = 403


class Unauthenticated(Refused):
    """Nobody is logged in, or the credentials are wrong."""

    status = 401


class TooManyAttempts(Refused):
    """Too many failed tries: the next is heard after ``retry_after`` seconds."""

    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
