"""The limits of what members type, in the forms as on the server: every text box stops
at the length its server takes, and a part's answer refused comes back with its reasons
as typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import Clock
from sovet.bootstrap import Sovet
from sovet.domain.elections import MAX_STATEMENT
from sovet.domain.motions import MAX_COMMENT
from sovet.domain.text import MAX_MARKDOWN
from sovet.web.books import MAX_BOOKS_CSV, MAX_MOTION_CSV
from sovet.web.councils import MAX_PASTED_LIST
from sovet.web.filing import MAX_CHARTER_FIELD

from .conftest import csrf_from, log_in, record_size, refused_beside
from .federation import Federation
from .planning_stage import adopt, open_period, propose, publish

TEMPLATES = Path(__file__).parents[2] / "src" / "sovet" / "web" / "templates"
TEXTAREA = re.compile(r'<textarea id="([^"]+)"[^>]*>')
LIMITS = {
    ("books.html", "process-inputs"): MAX_MARKDOWN,
    ("books.html", "output-produced"): MAX_MARKDOWN,
    ("books.html", "output-used"): MAX_MARKDOWN,
    ("books.html", "books-csv"): MAX_BOOKS_CSV,
    ("books.html", "motion-csv"): MAX_MOTION_CSV,
    ("books.html", "motion-text"): MAX_MARKDOWN,
    ("_charter_fields.html", "{{ id }}"): MAX_CHARTER_FIELD,
    ("council.html", "list-text"): MAX_PASTED_LIST,
    ("demand.html", "demand-targets"): MAX_MARKDOWN,
    ("demand.html", "demand-text"): MAX_MARKDOWN,
    ("election.html", "statement-text"): MAX_STATEMENT,
    ("faction.html", "statement-text"): MAX_MARKDOWN,
    ("factions.html", "faction-platform"): MAX_MARKDOWN,
    ("file_motion.html", "motion-text"): MAX_MARKDOWN,
    ("motion.html", "statement-text"): MAX_MARKDOWN,
    ("motion.html", "report-text"): MAX_MARKDOWN,
    ("motion.html", "amend-text"): MAX_MARKDOWN,
    ("motion.html", "instruct-text"): MAX_MARKDOWN,
    ("motion.html", "reply-{{ c.id }}"): MAX_COMMENT,
    ("motion.html", "comment-text"): MAX_COMMENT,
    ("plan_part.html", "part-text"): MAX_MARKDOWN,
    ("planning_period.html", "targets-lines"): MAX_MARKDOWN,
    ("recalls.html", "recall-reasons"): MAX_MARKDOWN,
}


def textareas() -> dict[tuple[str, str], str]:
    return {
        (template.name, found.group(1)): found.group()
        for template in sorted(TEMPLATES.glob("*.html"))
        for found in TEXTAREA.finditer(template.read_text())
    }


def test_every_text_box_is_listed_with_its_server_limit() -> None:
    assert sorted(textareas()) == sorted(LIMITS)


@pytest.mark.parametrize(("where", "limit"), sorted(LIMITS.items()))
def test_a_text_box_stops_at_the_length_the_server_takes(
    where: tuple[str, str], limit: int
) -> None:
    assert f' maxlength="{limit}"' in textareas()[where]


def test_a_refused_answer_to_a_part_comes_back_on_its_page_with_the_reasons_kept(
    sqlite_sovet: Sovet, federation: Federation, client: TestClient, clock: Clock
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    publish(sqlite_sovet, federation, period, bread=400)
    adopt(sqlite_sovet, federation, period.id, clock)
    log_in(client, "anna")
    path = f"/planning/{period.id}/parts/bakery"
    token = csrf_from(client.get(path).text)
    before = record_size(sqlite_sovet)
    too_long = "Our oven is old.\r\n" * 1200
    for answer, reasons, said in (
        (
            "maybe",
            "Our oven is old.",
            "answer with “Move to accept our part” or “Move to return our part”",
        ),
        ("yes", too_long, "Reasons: at most 20000 characters, not 20399"),
    ):
        refused = client.post(path, data={"csrf": token, "accept": answer, "text": reasons})
        assert refused.status_code == 422
        assert "Answer this part" in refused.text
        assert refused_beside(refused.text, "part-text", said) == reasons
    assert record_size(sqlite_sovet) == before
    within = "Our oven is old.\r\n" * 1150  # over 20,000 as sent; 19,549 as typed
    moved = client.post(
        path, data={"csrf": token, "accept": "yes", "text": within}, follow_redirects=False
    )
    assert moved.status_code == 303
