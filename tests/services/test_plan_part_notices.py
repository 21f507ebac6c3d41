"""The members of each workplace council whose part of an adopted plan awaits its answer
hear of it by e-mail notice (``services.notices``), while it does: a workplace that has
answered hears no more, and nobody hears of their own act."""

from __future__ import annotations

from sovet.services.notices import KINDS, notices_of

from .federation import Clock, Federation, email_of
from .planning import answer_part, balance_and_adopt, build_planning

SITE = "https://sovet.example"


def part_notices(federation: Federation) -> dict[str, tuple[str, str]]:
    """Each notice of a part sent, by address: its subject and its words on one line."""
    with federation.sovet.db.reading() as store:
        notices = [
            notice
            for entry in store.recorded(KINDS)
            for notice in notices_of(store, entry, SITE)
            if notice.subject.startswith("Your part of the plan")
        ]
    return {notice.to: (notice.subject, " ".join(notice.text.split())) for notice in notices}


def test_each_workplace_hears_that_its_part_of_the_adopted_plan_awaits_its_answer(
    federation: Federation, clock: Clock
) -> None:
    plan = build_planning(federation, bread=30_000)
    balance_and_adopt(federation, clock, plan)
    books, period = plan.books, plan.period
    sent = part_notices(federation)
    assert set(sent) == {email_of(name) for name in ("Boris", "Vera", "Pavel")}, (
        "each workplace's members, but not Ana, who closed the vote that adopted the plan"
    )
    subject, words = sent[email_of("Pavel")]
    assert subject == f"Your part of the plan for {period.name}: {books.bakery.name}"
    assert (
        f"Joint Economic Council adopted the plan for {period.name}. The part of it for "
        f"{books.bakery.name} (what it makes, the inputs allotted to it, the labour it takes) "
        "binds it only by its own vote"
    ) in words
    assert f"{SITE}/planning/{period.id}/parts/bakery " in words
    assert sent[email_of("Boris")][1].count(f"/parts/{books.steelworks.slug} ") == 1

    answer_part(federation, clock, plan, books.pavel, accept=True)
    assert set(part_notices(federation)) == {email_of("Boris"), email_of("Vera")}
