"""Group commit: acts that arrive while one is running share its transaction, each in its
own savepoint, under one signed checkpoint and one commit."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError

from sovet.adapters import tables
from sovet.adapters.audit import projection_differences, replay, verify_database
from sovet.adapters.migrate import migrate
from sovet.adapters.sql import CommitFailed, Database, SqlStore, make_engine
from sovet.bootstrap import Sovet
from sovet.domain.errors import Conflict, Forbidden, Refused
from sovet.domain.members import Member
from sovet.record.checkpoint import Checkpoint, InstanceKey
from sovet.record.entry import Entry
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

PASSWORD = "a long enough passphrase"
WAIT_S = 30.0


class ClockLike(Protocol):
    """The hand-moved clock of the ``clock`` fixture."""

    def advance(self, **delta: float) -> None: ...


def registering(name: str) -> Callable[[SqlStore], Member]:
    request = RegisterMember(name=name, email=f"{name.lower()}@example.org", password=PASSWORD)
    return lambda store: register_member(store, request)


def refused_after_appending(name: str) -> Callable[[SqlStore], Member]:
    """An act that registers a member and is then refused: it must leave nothing."""

    def act(store: SqlStore) -> Member:
        registering(name)(store)
        raise Conflict(f"{name} changed their mind")

    return act


def reading_what_is_not_there(store: SqlStore) -> None:
    """An act whose first statement the database refuses, before the act has written."""
    store.conn.execute(text("SELECT no_such_column FROM members"))


def refused_at_once(store: SqlStore) -> None:
    """An act refused before it writes anything: it never sets its savepoint."""
    raise Forbidden("Dora is not on the register")


class Outcomes:
    """What each thread's act returned or raised, by the name given to it."""

    def __init__(self) -> None:
        self.done: dict[str, list[int]] = {}
        self.raised: dict[str, BaseException] = {}
        self._lock = threading.Lock()

    def run(self, db: Database, name: str, act: Callable[[SqlStore], object]) -> None:
        try:
            with db.transaction() as store:
                act(store)
        except BaseException as error:
            with self._lock:
                self.raised[name] = error
            return
        with self._lock:
            self.done[name] = [entry.position for entry in store.appended]


def group_of(
    db: Database, size: int, first: Callable[[SqlStore], object]
) -> Callable[[SqlStore], None]:
    """``first``, holding its group open until ``size`` acts have joined it."""

    def hold(store: SqlStore) -> None:
        first(store)
        deadline = time.monotonic() + WAIT_S
        while db._open is None or db._open.joined < size:
            assert time.monotonic() < deadline, "the other acts never joined the group"
            time.sleep(0.001)

    return hold


def in_one_group(
    db: Database,
    acts: dict[str, Callable[[SqlStore], object]],
    *,
    first: Callable[[SqlStore], object] | None = None,
) -> Outcomes:
    """Run ``first`` (by default Ana's registration) and then ``acts``, each in its own
    thread, all in one group."""
    outcomes = Outcomes()
    hold = group_of(db, len(acts) + 1, first or registering("Ana"))
    threads = [threading.Thread(target=outcomes.run, args=(db, "Ana", hold))]
    threads[0].start()
    while db._open is None:
        time.sleep(0.001)
    for name, act in acts.items():
        threads.append(threading.Thread(target=outcomes.run, args=(db, name, act)))
        threads[-1].start()
    for thread in threads:
        thread.join(WAIT_S)
    return outcomes


def record(db: Database) -> list[Entry]:
    return list(db.entries())


def account_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(tables.accounts)).scalar_one())


def test_acts_that_arrive_while_one_runs_commit_together_under_one_checkpoint(
    sovet: Sovet,
) -> None:
    db = sovet.db
    outcomes = in_one_group(db, {"Boris": registering("Boris"), "Clara": registering("Clara")})
    assert outcomes.raised == {}
    assert outcomes.done["Ana"] == [0]
    assert sorted(outcomes.done["Boris"] + outcomes.done["Clara"]) == [1, 2]
    names = {entry.position: entry.payload["name"] for entry in record(db)}
    assert {names[outcomes.done[name][0]] for name in ("Ana", "Boris", "Clara")} == {
        "Ana",
        "Boris",
        "Clara",
    }
    [checkpoint] = db.checkpoints()
    assert checkpoint.size == 3
    report = verify_database(db)
    assert report.ok, report.problems


def test_a_refused_act_in_a_group_leaves_nothing_and_the_others_commit(sovet: Sovet) -> None:
    db = sovet.db
    outcomes = in_one_group(
        db,
        {
            "Boris": refused_after_appending("Boris"),
            "Dora": refused_at_once,
            "Clara": registering("Clara"),
        },
    )
    assert set(outcomes.raised) == {"Boris", "Dora"}
    assert isinstance(outcomes.raised["Boris"], Conflict)
    assert isinstance(outcomes.raised["Dora"], Forbidden)
    assert (outcomes.done["Ana"], outcomes.done["Clara"]) == ([0], [1])
    assert [entry.payload["name"] for entry in record(db)] == ["Ana", "Clara"]
    assert account_count(db) == 2
    with db.reading() as store:
        assert store.account_by_email("boris@example.org") is None
    assert [checkpoint.size for checkpoint in db.checkpoints()] == [2]
    assert verify_database(db).ok


def test_a_clock_stepping_back_never_times_an_entry_before_the_one_it_follows(
    sovet: Sovet, clock: ClockLike
) -> None:
    """NTP can step the system clock back; the record's times still follow its order,
    in the group that was running and in the groups after it."""
    db = sovet.db

    def register_then_step_back(store: SqlStore) -> None:
        registering("Ana")(store)
        clock.advance(minutes=-5)

    outcomes = in_one_group(db, {"Boris": registering("Boris")}, first=register_then_step_back)
    assert outcomes.raised == {}
    with db.transaction() as store:
        registering("Clara")(store)
    ana = record(db)[0]
    assert store.now() == datetime.fromisoformat(ana.time)
    assert [entry.time for entry in record(db)] == [ana.time] * 3
    clock.advance(minutes=6)
    with db.transaction() as store:
        registering("Dora")(store)
    assert record(db)[-1].time > ana.time
    assert verify_database(db).ok


class FlakyKey(InstanceKey):
    """The instance key, which refuses to sign while ``failing`` is set."""

    failing = False

    def sign_checkpoint(self, size: int, root: bytes, timestamp: str) -> Checkpoint:
        if self.failing:
            raise OSError("the signing key is unavailable")
        return super().sign_checkpoint(size, root, timestamp)


def test_when_a_group_cannot_commit_every_act_in_it_fails_and_nothing_is_recorded(
    sovet: Sovet,
) -> None:
    with sovet.db.transaction() as store:
        registering("Vera")(store)
    key = FlakyKey.from_seed(bytes(range(32)))
    assert isinstance(key, FlakyKey)
    db = Database(sovet.db.engine, key, sovet.db.clock)
    key.failing = True
    outcomes = in_one_group(db, {"Boris": registering("Boris"), "Clara": registering("Clara")})
    assert outcomes.done == {}
    assert {name: type(error) for name, error in outcomes.raised.items()} == {
        "Ana": CommitFailed,
        "Boris": CommitFailed,
        "Clara": CommitFailed,
    }
    assert "the signing key is unavailable" in str(outcomes.raised["Boris"])
    assert [entry.payload["name"] for entry in record(db)] == ["Vera"]
    assert account_count(db) == 1
    key.failing = False
    with db.transaction() as store:
        registering("Gleb")(store)
    assert [entry.payload["name"] for entry in record(db)] == ["Vera", "Gleb"]
    report = verify_database(db)
    assert report.ok, report.problems


def test_a_statement_the_database_refuses_before_any_write_fails_the_whole_group(
    sovet: Sovet,
) -> None:
    db = sovet.db
    outcomes = in_one_group(db, {"Boris": reading_what_is_not_there, "Clara": registering("Clara")})
    assert outcomes.done == {}
    assert isinstance(outcomes.raised["Boris"], DBAPIError)
    assert isinstance(outcomes.raised["Ana"], CommitFailed)
    assert isinstance(outcomes.raised["Clara"], CommitFailed)
    assert record(db) == [] and account_count(db) == 0
    with db.transaction() as store:
        registering("Gleb")(store)
    assert [entry.payload["name"] for entry in record(db)] == ["Gleb"]
    assert verify_database(db).ok


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'replayed.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


VOTERS = 24
THREADS = 6


@pytest.mark.parametrize("secret", [False, True], ids=["named", "secret"])
def test_concurrent_votes_are_each_recorded_once_and_the_record_replays_to_the_same_state(
    sovet: Sovet, clock: ClockLike, empty: Engine, secret: bool
) -> None:
    db = sovet.db
    chair, voters, vote_id = an_open_vote(sovet, clock, secret=secret)
    with db.transaction() as store:
        outsider = registering("Lev")(store)
    choices = {voter.id: ("yes", "no", "abstain")[n % 3] for n, voter in enumerate(voters)}
    acknowledged: Counter[int] = Counter()
    refusals: list[tuple[str, Refused]] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def attempt(label: str, actor: Member, choice: str, *, then_fail: bool = False) -> None:
        try:
            with db.transaction() as store:
                cast_vote(store, CastVote(vote_id, choice), actor=actor)
                if then_fail:
                    raise Conflict(f"{actor.name}'s connection dropped")
        except Refused as error:
            with lock:
                refusals.append((label, error))
            return
        with lock:
            acknowledged[actor.id] += 1

    def share(number: int) -> None:
        mine = voters[number::THREADS]
        start.wait()
        attempt("dropped", mine[0], choices[mine[0].id], then_fail=True)
        for voter in mine:
            attempt("vote", voter, choices[voter.id])
        attempt("twice", mine[0], "no")
        attempt("outsider", outsider, "yes")

    threads = [threading.Thread(target=share, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)

    assert acknowledged == Counter({voter.id: 1 for voter in voters})
    assert Counter(label for label, _ in refusals) == {
        "dropped": THREADS,
        "twice": THREADS,
        "outsider": THREADS,
    }
    assert all(isinstance(error, Forbidden) for label, error in refusals if label == "outsider")
    casts = Counter(entry.actor for entry in record(db) if entry.kind == "vote.cast")
    assert casts == acknowledged
    clock.advance(days=7)
    with db.transaction() as store:
        closed = close_vote(store, CloseVote(vote_id), actor=chair)
    with db.reading() as store:
        tally = store.vote_tally(closed.id)
    assert tally is not None
    expected = Counter(choices.values())
    assert (tally.yes, tally.no, tally.abstain) == (
        expected["yes"],
        expected["no"],
        expected["abstain"],
    )
    report = verify_database(db)
    assert report.ok, report.problems
    replay(db.bodies(), db.checkpoints(), empty)
    assert projection_differences(db.engine, empty) == []


def an_open_vote(
    sovet: Sovet, clock: ClockLike, *, secret: bool
) -> tuple[Member, list[Member], int]:
    """A council of a chair and ``VOTERS - 1`` imported members, voting on a motion."""
    db = sovet.db
    with db.transaction() as store:
        chair = registering("Chair")(store)
        found_base_council(
            store,
            FoundBaseCouncil(
                "works",
                "Works",
                "The works",
                charter={"support_threshold": 0.01, "secret_vote_share": 0.01},
            ),
            actor=chair,
        )
    csv_text = "name,email\n" + "".join(
        f"Worker {n},worker{n}@example.org\n" for n in range(1, VOTERS)
    )
    with db.transaction() as store:
        imported = import_members(store, ImportMembers("works", csv_text), actor=chair)
        motion = file_motion(
            store,
            FileMotion("works", "Six hour shifts", "A six hour shift.", "workplace_organisation"),
            actor=chair,
        )
        if secret:
            request_secret_ballot(store, RequestSecretBallot(motion.id), actor=chair)
    clock.advance(days=14)
    with db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion.id), actor=chair)
    assert vote.secret == secret
    return chair, [chair, *(row.member for row in imported)], vote.id


def test_a_reader_does_not_wait_for_the_writer_on_a_connection_that_once_wrote(
    sqlite_sovet: Sovet,
) -> None:
    db = sqlite_sovet.db
    with db.transaction() as store:
        registering("Ada")(store)
    once_wrote = db.engine.connect()  # held, so that the writer below takes another one
    writing, release = threading.Event(), threading.Event()

    def hold_the_write_lock(store: SqlStore) -> None:
        writing.set()
        release.wait(WAIT_S)

    writer = threading.Thread(target=Outcomes().run, args=(db, "writer", hold_the_write_lock))
    writer.start()
    try:
        assert writing.wait(WAIT_S)
        once_wrote.close()  # back in the pool, for the reader
        read: list[int] = []
        reader = threading.Thread(target=lambda: read.append(account_count(db)))
        reader.start()
        reader.join(5.0)
        assert read == [1], "the reader queued behind the writer's lock"
    finally:
        release.set()
        writer.join(WAIT_S)
