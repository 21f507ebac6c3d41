"""Charter amendments are motions of their own kind, passed by the charter's own
threshold; the entrenched rules cannot be amended."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sovet.domain.charter import Charter
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Invalid

from .deliberation import Steps, Works, build_works
from .federation import Federation


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation)


def amending_charter(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "charter_amendment",
        "matter": "",
        "title": "Quorum of three fifths",
        "effects": [{"kind": "amend_charter", "changes": changes}],
    }


def charter_of(federation: Federation, works: Works) -> Any:
    with federation.sovet.db.reading() as store:
        council = store.council(works.council.id)
    assert council is not None
    return council.charter


def test_a_charter_amendment_passed_by_two_thirds_changes_the_charter(
    works: Works, steps: Steps, federation: Federation
) -> None:
    ballots = {
        works.ana: "yes",
        works.boris: "yes",
        works.vera: "yes",
        works.gleb: "yes",
        works.dasha: "no",
    }
    size = federation.record_size()
    motion = steps.decided(works, ballots, **amending_charter({"quorum": 0.6}))
    assert (motion.kind, motion.matter, motion.state) == ("charter_amendment", "charter", "passed")
    [changed] = [e for e in federation.entries(size) if e.kind == "charter.amended"]
    assert changed.payload["council"] == works.council.id
    assert changed.payload["charter"]["quorum"] == 0.6
    assert charter_of(federation, works).quorum == 0.6
    assert charter_of(federation, works).support_threshold == 0.4


def test_a_charter_amendment_short_of_the_charter_threshold_changes_nothing(
    works: Works, steps: Steps, federation: Federation
) -> None:
    ballots = {
        works.ana: "yes",
        works.boris: "yes",
        works.vera: "yes",
        works.gleb: "no",
        works.dasha: "no",
    }
    motion = steps.decided(works, ballots, **amending_charter({"quorum": 0.6}))
    assert motion.state == "rejected"
    assert charter_of(federation, works).quorum == 0.5


def test_the_charter_sets_the_threshold_for_its_own_amendment(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation, {"charter_threshold": "simple"})
    ballots = {
        works.ana: "yes",
        works.boris: "yes",
        works.vera: "yes",
        works.gleb: "no",
        works.dasha: "no",
    }
    assert steps.decided(works, ballots, **amending_charter({"term_months": 6})).state == "passed"
    assert charter_of(federation, works).term_months == 6


@pytest.mark.parametrize("rule", ["faction_rights", "instant_recall", "secret_ballot"])
def test_a_charter_amendment_that_touches_an_entrenched_rule_is_refused_citing_it(
    works: Works, steps: Steps, federation: Federation, rule: str
) -> None:
    federation.refused(
        Invalid,
        steps.filing(works.ana, works.council, **amending_charter({rule: False})),
        f"{rule!r} is an entrenched rule that no charter can change",
        BY_KEY[rule].text,
    )


def test_a_charter_amendment_cannot_close_the_agenda_from_below(
    works: Works, steps: Steps, federation: Federation
) -> None:
    federation.refused(
        Invalid,
        steps.filing(works.ana, works.council, **amending_charter({"support_threshold": 0.9})),
        "the support that puts a motion on the agenda (support_threshold) must be above 0 and "
        "at most 0.5",
        BY_KEY["agenda_from_below"].text,
    )


@pytest.mark.parametrize("threshold", [0.51, 1.0, 0])
def test_a_charter_amendment_cannot_put_a_recall_out_of_reach(
    works: Works, steps: Steps, federation: Federation, threshold: float
) -> None:
    """At 1.0 a recall petition would need its own target's signature."""
    federation.refused(
        Invalid,
        steps.filing(
            works.ana,
            works.council,
            **amending_charter({"recall_petition_threshold": threshold}),
        ),
        "the signatures that open a recall vote (recall_petition_threshold) must be above 0 and "
        f"at most 0.5, not {threshold!r}",
        BY_KEY["instant_recall"].text,
    )
    assert charter_of(federation, works).recall_petition_threshold == 0.2


def test_a_charter_stored_above_the_recall_cap_still_loads_and_replays_until_amended(
    works: Works, steps: Steps, federation: Federation, tmp_path: Path
) -> None:
    """A record written before the cap may hold such a charter: it loads, the record
    replays, and the next amendment of the charter must bring it within the cap."""
    legacy = Charter.from_json(
        charter_of(federation, works).to_json() | {"recall_petition_threshold": 0.8}
    )
    federation.act(
        lambda store: store.append(
            "charter.amended",
            {"council": works.council.id, "motion": 0, "charter": legacy.to_json()},
            actor=works.ana.id,
            under=f"membership:{works.council.id}",
        )
    )
    assert charter_of(federation, works) == legacy
    federation.refused(
        Invalid,
        steps.filing(works.ana, works.council, **amending_charter({"quorum": 0.6})),
        "(recall_petition_threshold) must be above 0 and at most 0.5, not 0.8",
    )
    ballots = dict.fromkeys(works.members, "yes")
    changes = {"quorum": 0.6, "recall_petition_threshold": 0.2}
    assert steps.decided(works, ballots, **amending_charter(changes)).state == "passed"
    assert charter_of(federation, works).recall_petition_threshold == 0.2

    federation.replays_the_same(tmp_path)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"matter": "books"}, "matter: a charter amendment's matter is 'charter'"),
        ({"effects": []}, "a charter amendment has exactly one amend_charter effect"),
        (
            {"effects": [{"kind": "amend_charter", "changes": {"quorum": 2}}]},
            "charter: the quorum must be a number between 0 and 1",
        ),
    ],
)
def test_a_malformed_charter_amendment_is_refused(
    works: Works, steps: Steps, federation: Federation, fields: dict[str, Any], words: str
) -> None:
    request = amending_charter({"quorum": 0.6}) | fields
    federation.refused(Invalid, steps.filing(works.ana, works.council, **request), words)
