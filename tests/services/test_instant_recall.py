"""Instant recall: a petition of the constituency, a vote that opens by itself, and a
mandate that ends at once with every seat held through it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from sovet.adapters import tables
from sovet.adapters.audit import projection_differences, replay
from sovet.adapters.migrate import migrate
from sovet.adapters.sql import make_engine
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.mandates import Mandate
from sovet.services.authority import OPERATOR
from sovet.services.cast_vote import ENDED_TO_THE_HOLDER
from sovet.services.comment import PostComment, comment
from sovet.services.recall import END_REASONS, ENDED_WORDS
from sovet.services.refer_for_consultation import ReferForConsultation, refer_for_consultation

from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps
from .federation import Clock, Federation
from .recalling import build_recallable, petitioning, signing

INSTANT_RECALL = BY_KEY["instant_recall"].text


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'replayed.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


def test_every_reason_a_mandate_ends_for_is_said_in_words_on_the_pages_and_to_its_holder() -> None:
    assert set(ENDED_WORDS) == set(END_REASONS)
    assert set(ENDED_TO_THE_HOLDER) == set(END_REASONS)


def mandates(federation: Federation, council_id: int) -> list[Mandate]:
    with federation.sovet.db.reading() as store:
        return store.mandates_in(council_id)


def test_a_recalled_delegate_loses_every_seat_held_through_the_mandate(
    federation: Federation, clock: Clock, empty: Engine
) -> None:
    steps = Steps(federation, clock)
    fed = build_recallable(federation)
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    assert petition.kind == "recall" and petition.council_id == fed.works.id
    assert petition.state == "filed"
    petition = federation.act(signing(fed.ana, petition))
    assert petition.state == "on_agenda"

    clock.advance(days=AGENDA_DAYS)
    federation.act(
        lambda store: comment(store, PostComment(petition.id, "Time to vote."), actor=fed.lev)
    )
    [vote] = steps.votes_on(petition)
    assert vote.secret and vote.closed is None
    for voter, choice in ((fed.ana, "yes"), (fed.dasha, "yes"), (fed.lev, "yes")):
        assert steps.cast(voter, vote, choice).receipt is not None
    steps.cast(fed.boris, vote, "no")
    clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    steps.close(fed.ana, vote)

    assert steps.motion(petition).state == "passed"
    ended = [e for e in federation.entries(size) if e.kind == "mandate.ended"]
    assert [e.payload["mandate"] for e in ended] == [fed.seat.id, fed.congress_seat.id]
    today = clock.moment.date()
    regional = {m.id: m for m in mandates(federation, fed.regional.id)}
    assert regional[fed.seat.id].ended_on == today
    assert regional[fed.seat.id].end_reason == "recalled"
    [successor] = [
        m for m in regional.values() if m.active_on(today) and m.constituency_id == fed.works.id
    ]
    assert successor.member_id == fed.lev.id and successor.seat_number == 1
    assert successor.ends == fed.seat.ends
    [congress] = mandates(federation, fed.congress.id)
    assert congress.ended_on == today and congress.end_reason == "held_through_recalled"
    with federation.sovet.db.engine.connect() as conn:
        vacancies = conn.execute(select(tables.vacancies)).all()
    assert [(v.mandate_id, v.council_id, v.seat_number) for v in vacancies] == [
        (fed.congress_seat.id, fed.congress.id, 1)
    ]

    db = federation.sovet.db
    replay(db.bodies(), db.checkpoints(), empty)
    assert projection_differences(db.engine, empty) == []


def test_a_petition_from_outside_the_constituency_is_refused(
    sqlite_federation: Federation,
) -> None:
    fed = build_recallable(sqlite_federation)
    sqlite_federation.refused(
        Forbidden,
        petitioning(fed.vera, fed.seat),
        "only members of Tractor Works",
        "Vera is not one of them",
    )


def test_signing_outside_the_constituency_is_refused(sqlite_federation: Federation) -> None:
    fed = build_recallable(sqlite_federation)
    petition = sqlite_federation.act(petitioning(fed.dasha, fed.seat))
    sqlite_federation.refused(
        Forbidden,
        signing(fed.gleb, petition),
        "only members of Tractor Works, the constituency, can sign",
        "Gleb is not one of them",
    )


def test_signing_twice_is_refused(sqlite_federation: Federation) -> None:
    fed = build_recallable(sqlite_federation)
    petition = sqlite_federation.act(petitioning(fed.dasha, fed.seat))
    sqlite_federation.refused(
        Conflict, signing(fed.dasha, petition), "Dasha has already signed the petition"
    )


def test_a_second_petition_against_the_same_mandate_is_refused(
    sqlite_federation: Federation,
) -> None:
    fed = build_recallable(sqlite_federation)
    petition = sqlite_federation.act(petitioning(fed.dasha, fed.seat))
    sqlite_federation.refused(
        Conflict, petitioning(fed.ana, fed.seat), f"sign motion {petition.id}"
    )


def test_the_operator_cannot_petition_for_a_recall(sqlite_federation: Federation) -> None:
    fed = build_recallable(sqlite_federation)
    sqlite_federation.refused(Forbidden, petitioning(OPERATOR, fed.seat), "operator")


@pytest.mark.parametrize(
    ("effect", "words"),
    [
        ({"kind": "block_recall", "motion": 0}, "would block or delay the recall petition"),
        ({"kind": "reinstate", "mandate": 0}, "would reinstate mandate"),
        ({"kind": "recall", "mandate": 0}, "only a petition of the mandate's own constituency"),
    ],
)
def test_a_higher_council_cannot_block_delay_or_reverse_a_recall(
    sqlite_federation: Federation, clock: Clock, effect: dict[str, object], words: str
) -> None:
    steps = Steps(sqlite_federation, clock)
    fed = build_recallable(sqlite_federation)
    petition = sqlite_federation.act(petitioning(fed.dasha, fed.seat))
    target = petition.id if effect["kind"] == "block_recall" else fed.seat.id
    key = "motion" if effect["kind"] == "block_recall" else "mandate"
    sqlite_federation.refused(
        Forbidden,
        steps.filing(
            fed.gleb,
            fed.regional,
            matter="coordination",
            title="Keep our delegate",
            effects=[{**effect, key: target}],
        ),
        words,
        INSTANT_RECALL,
    )


def test_a_recall_petition_is_decided_by_its_constituency_alone(
    sqlite_federation: Federation,
) -> None:
    fed = build_recallable(sqlite_federation)
    petition = sqlite_federation.act(petitioning(fed.gleb, fed.congress_seat))
    assert petition.council_id == fed.regional.id
    sqlite_federation.refused(
        Invalid,
        lambda store: refer_for_consultation(
            store, ReferForConsultation(petition.id), actor=fed.gleb
        ),
        "a recall is not referred for consultation",
    )
