"""The concentration indicators page: who holds how many mandates and how far up, and
which councils are held by one workplace, one faction or their officers, with a warning
wherever a cap or the charter's warning share is reached or near."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sovet.adapters.indicator_queries import indicators as read_indicators
from sovet.adapters.queries import open_queries
from sovet.api.deps import OptionalMemberDep, SovetDep
from sovet.domain.entrenched import BY_KEY
from sovet.web.indicator_chart import share_chart
from sovet.web.rendering import render

router = APIRouter()


@router.get("/indicators")
def indicators(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    with open_queries(sovet.db) as queries:
        found = read_indicators(queries.conn, queries.today)
    context = {
        "found": found,
        "rule": BY_KEY["limits_on_office"].text,
        "warned": [row for row in found.councils if row.warnings],
        "chart": share_chart(found.councils),
    }
    return render(request, "indicators.html", context, member=member)
