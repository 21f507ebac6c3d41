"""The OpenAPI document describes the whole API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.http import create_app

ENDPOINTS = {
    ("post", "/api/members"),
    ("get", "/api/members/{member_id}"),
    ("post", "/api/sessions"),
    ("delete", "/api/sessions/current"),
    ("delete", "/api/sessions/others"),
    ("post", "/api/invitations/claim"),
    ("post", "/api/password/forgotten"),
    ("post", "/api/password/reset"),
    ("get", "/api/me"),
    ("put", "/api/me/notices"),
    ("put", "/api/me/password"),
    ("put", "/api/me/email"),
    ("post", "/api/email/confirm"),
    ("get", "/api/councils"),
    ("get", "/api/councils/{slug}"),
    ("post", "/api/councils/base"),
    ("post", "/api/councils/delegate"),
    ("post", "/api/councils/{slug}/members"),
    ("post", "/api/councils/{slug}/members/import"),
    ("get", "/api/councils/{slug}/invitations/failed"),
    ("delete", "/api/councils/{slug}/invitations/failed"),
    ("post", "/api/councils/{slug}/leaving"),
    ("post", "/api/councils/{slug}/constituents"),
    ("get", "/api/federation"),
    ("get", "/api/councils/{slug}/agenda"),
    ("get", "/api/councils/{slug}/decisions"),
    ("post", "/api/councils/{slug}/motions"),
    ("get", "/api/motions/{motion_id}"),
    ("post", "/api/motions/{motion_id}/supporters"),
    ("post", "/api/motions/{motion_id}/secret-ballot-requests"),
    ("post", "/api/motions/{motion_id}/amendments"),
    ("post", "/api/motions/{motion_id}/comments"),
    ("post", "/api/comments/{comment_id}/hiding"),
    ("post", "/api/comments/{comment_id}/showing"),
    ("post", "/api/motions/{motion_id}/votes"),
    ("get", "/api/votes/{vote_id}"),
    ("get", "/api/votes/{vote_id}/tally"),
    ("post", "/api/votes/{vote_id}/ballots"),
    ("post", "/api/votes/{vote_id}/closing"),
    ("post", "/api/votes/{vote_id}/receipt"),
    ("post", "/api/motions/{motion_id}/minority-reports"),
    ("post", "/api/motions/{motion_id}/forwarding"),
    ("post", "/api/motions/{motion_id}/consultation"),
    ("post", "/api/motions/{motion_id}/instructions"),
    ("post", "/api/motions/{motion_id}/referendum-signatures"),
    ("get", "/api/me/votes"),
    ("get", "/api/factions"),
    ("post", "/api/factions"),
    ("get", "/api/factions/{faction_id}"),
    ("post", "/api/factions/{faction_id}/members"),
    ("delete", "/api/factions/{faction_id}/members/me"),
    ("post", "/api/factions/{faction_id}/statements"),
    ("post", "/api/councils/{slug}/elections"),
    ("get", "/api/councils/{slug}/elections"),
    ("get", "/api/elections/{election_id}"),
    ("get", "/api/elections/{election_id}/ballots.blt"),
    ("post", "/api/elections/{election_id}/nominations"),
    ("post", "/api/elections/{election_id}/consent"),
    ("post", "/api/elections/{election_id}/statement"),
    ("post", "/api/elections/{election_id}/ballots"),
    ("post", "/api/elections/{election_id}/closing"),
    ("post", "/api/elections/{election_id}/receipt"),
    ("post", "/api/mandates/{mandate_id}/recall-petitions"),
    ("post", "/api/mandates/{mandate_id}/standing-down"),
    ("post", "/api/recall-petitions/{motion_id}/signatures"),
    ("get", "/api/councils/{slug}/recall-petitions"),
    ("get", "/api/councils/{slug}/mandates"),
    ("get", "/api/indicators"),
    ("get", "/api/products"),
    ("post", "/api/products"),
    ("get", "/api/councils/{slug}/books"),
    ("get", "/api/councils/{slug}/books.csv"),
    ("get", "/api/councils/{slug}/calendar.ics"),
    ("post", "/api/councils/{slug}/books"),
    ("post", "/api/councils/{slug}/books/motions"),
    ("post", "/api/councils/{slug}/books/processes"),
    ("put", "/api/councils/{slug}/books/processes/{code}"),
    ("delete", "/api/councils/{slug}/books/processes/{code}"),
    ("put", "/api/councils/{slug}/books/stocks/{product}"),
    ("put", "/api/councils/{slug}/books/output/{period}"),
    ("get", "/api/demand"),
    ("post", "/api/councils/{slug}/demand"),
    ("get", "/api/planning/periods"),
    ("post", "/api/planning/periods"),
    ("get", "/api/planning/periods/{period_id}"),
    ("post", "/api/planning/periods/{period_id}/proposals"),
    ("post", "/api/planning/periods/{period_id}/targets"),
    ("post", "/api/planning/periods/{period_id}/rounds"),
    ("post", "/api/planning/periods/{period_id}/round-jobs"),
    ("get", "/api/planning/periods/{period_id}/round-job"),
    ("get", "/api/planning/periods/{period_id}/rounds/{number}"),
    ("get", "/api/planning/periods/{period_id}/rounds/{number}/{table}.csv"),
    ("post", "/api/planning/periods/{period_id}/plan"),
    ("post", "/api/planning/periods/{period_id}/parts/{slug}"),
    ("get", "/api/record"),
    ("get", "/api/record/{position}"),
    ("get", "/api/record/checkpoints/latest"),
    ("get", "/api/record/{position}/proof"),
    ("get", "/api/record/consistency"),
}


@pytest.fixture
def document(sqlite_sovet: Sovet) -> dict[str, Any]:
    """The OpenAPI document (one backend is enough: it does not depend on storage)."""
    with TestClient(create_app(sqlite_sovet)) as client:
        response = client.get("/api/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_openapi_document_lists_every_endpoint_with_a_summary_and_description(
    document: dict[str, Any],
) -> None:
    operations = {
        (method, path): operation
        for path, methods in document["paths"].items()
        if path.startswith("/api/")
        for method, operation in methods.items()
    }
    assert set(operations) == ENDPOINTS
    assert "/api/councils/{slug}/offices" not in document["paths"], "offices are only elected"
    assert "/api/councils/{slug}/founding-delegates" not in document["paths"], "seats too"
    for operation in operations.values():
        assert operation["summary"]
        assert len(operation["description"]) > 40


def test_the_openapi_document_describes_request_limits_and_refusals(
    document: dict[str, Any],
) -> None:
    founding = document["components"]["schemas"]["BaseCouncilFounding"]
    assert founding["additionalProperties"] is False
    assert founding["properties"]["name"]["maxLength"] == 120
    operation = document["paths"]["/api/councils/base"]["post"]
    assert {"401", "409", "422"} <= set(operation["responses"])
    csv_import = document["paths"]["/api/councils/{slug}/members/import"]["post"]
    assert "text/csv" in csv_import["requestBody"]["content"]
    filing = document["components"]["schemas"]["MotionFiling"]
    assert filing["additionalProperties"] is False
    assert filing["properties"]["text"]["maxLength"] == 20_000
    ballot = document["paths"]["/api/votes/{vote_id}/ballots"]["post"]
    assert {"401", "403", "404", "409", "422"} <= set(ballot["responses"])
    amendment = document["components"]["schemas"]["AmendmentProposal"]
    assert amendment["oneOf"] == [{"required": ["text"]}, {"required": ["original", "replacement"]}]
    assert set(amendment["properties"]) == {"text", "original", "replacement"}
    assert "changed as the member would have it" in amendment["properties"]["text"]["description"]
