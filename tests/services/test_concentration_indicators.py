"""Concentration indicators on a small federation: mandates per member and how far up
they reach, and the shares of each council held by one workplace, one faction or its
officers."""

from __future__ import annotations

from conftest import ElectOfficer
from sovet.adapters.indicator_queries import Share, indicators
from sovet.adapters.queries import open_queries
from sovet.services.form_faction import FormFaction, form_faction

from .deliberation import Steps
from .federation import Clock, Federation
from .recalling import build_recallable


def test_indicators_count_mandates_reach_and_shares_and_warn_near_the_limits(
    sqlite_federation: Federation, clock: Clock, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(
        sqlite_federation, works_charter={"offices": {"secretary": ["moderate"]}}
    )
    elect_officer(sqlite_federation.sovet, "tractor-works", "secretary", fed.dasha, (fed.ana,))
    Steps(sqlite_federation, clock).file(fed.dasha, fed.works)
    Steps(sqlite_federation, clock).file(fed.lev, fed.works, title="Canteen hours")
    sqlite_federation.act(
        lambda store: form_faction(store, FormFaction("Left", "All power."), actor=fed.boris)
    )
    with open_queries(sqlite_federation.sovet.db) as queries:
        found = indicators(queries.conn, queries.today)

    boris, *others = found.members
    assert (boris.member.name, boris.mandates, boris.reach, boris.cap) == ("Boris", 2, 2, 2)
    assert boris.warning == "at the cap: 2 of 2 concurrent mandates"
    assert {(m.member.name, m.mandates, m.reach) for m in others} == {
        ("Dasha", 1, 0),
        ("Gleb", 1, 1),
    }
    by_name = {row.council.name: row for row in found.councils}
    assert found.councils[0].council.name == "Congress of Councils"
    congress = by_name["Congress of Councils"]
    assert (congress.level, congress.seats, congress.filled) == (2, 1, 1)
    assert congress.workplace == Share("Tractor Works", 1, 1)
    assert congress.faction == Share("Left", 1, 1)
    regional = by_name["Northern Regional Council"]
    assert regional.workplace == Share("Textile Mill", 1, 2)
    works = by_name["Tractor Works"]
    assert works.workplace is None and works.seats == 1
    assert works.officers_agenda == Share("officers", 1, 2)
    assert any("its agenda filed by its officers" in w for w in works.warnings)
    mill = by_name["Textile Mill"]
    assert mill.warnings == [] and mill.officers_agenda == Share("officers", 0, 0)
