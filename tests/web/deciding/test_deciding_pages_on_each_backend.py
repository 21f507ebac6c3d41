"""The deciding pages render from real data on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from sovet.bootstrap import Sovet
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.comment import PostComment, comment
from sovet.services.form_faction import FormFaction, form_faction

from ..conftest import log_in, page_client
from ..federation import seed
from .deliberation import SHOP, Clock, Deliberation


def test_every_deciding_page_renders_on_each_backend(sovet: Sovet, clock: Clock) -> None:
    steps = Deliberation(sovet, seed(sovet, clock), clock)
    steps.found_print_shop()
    decided, _ = steps.decided(title="Buy a second press")
    report = AttachMinorityReport(decided.id, "Repair the old one.")
    steps.act(lambda store: attach_minority_report(store, report, actor=steps.members["katya"]))
    motion = steps.scheduled(title="Open on Saturdays")
    steps.amend("katya", motion, "in turn", "by lot")
    steps.act(
        lambda store: comment(store, PostComment(motion.id, "Why?"), actor=steps.members["ivan"])
    )
    faction = steps.act(
        lambda store: form_faction(
            store, FormFaction("Caucus", "Ours."), actor=steps.members["ivan"]
        )
    )
    [vote] = steps.open("galina", motion)
    steps.cast("ivan", vote, "yes")
    pages = {
        f"/councils/{SHOP}/agenda": "Open on Saturdays",
        f"/councils/{SHOP}/decisions": "Repair the old one.",
        f"/motions/{motion.id}": '<dd data-count="yes">1</dd>',
        f"/motions/{decided.id}": "Minority reports (1)",
        "/factions": "Caucus</a>",
        f"/factions/{faction.id}": "<p>Ours.</p>",
        "/me/votes": "Open on Saturdays",
        f"/councils/{SHOP}/motions/new": "File the motion",
    }
    with page_client(sovet) as client:
        log_in(client, "galina")
        for path, shown in pages.items():
            page = client.get(path)
            assert page.status_code == 200, path
            assert shown in page.text, path
