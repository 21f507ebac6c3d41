"""What every HTTP route can ask for: the instance, and who is logged in.

The API reads a bearer token (``Authorization: Bearer ...``); the web pages read the
session cookie. Both resolve to a member through the same use case.

Dependencies that do no I/O are ``async``: FastAPI runs a plain function in a worker
thread, and each such hop costs more than the function itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sovet.bootstrap import Sovet
from sovet.domain.errors import Unauthenticated
from sovet.domain.members import Member
from sovet.services.log_in import member_for_token

SESSION_COOKIE = "sovet_session"


def instance(request: Request) -> Sovet:
    sovet: Sovet = request.app.state.sovet
    return sovet


async def get_sovet(request: Request) -> Sovet:
    return instance(request)


def request_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


def optional_member(request: Request, sovet: Annotated[Sovet, Depends(get_sovet)]) -> Member | None:
    token = request_token(request)
    if token is None:
        return None
    with sovet.db.reading() as store:
        try:
            return member_for_token(store, token)
        except Unauthenticated:
            return None


async def current_member(member: Annotated[Member | None, Depends(optional_member)]) -> Member:
    if member is None:
        raise Unauthenticated("log in first: this needs a member's session or API token")
    return member


SovetDep = Annotated[Sovet, Depends(get_sovet)]
MemberDep = Annotated[Member, Depends(current_member)]
OptionalMemberDep = Annotated[Member | None, Depends(optional_member)]
