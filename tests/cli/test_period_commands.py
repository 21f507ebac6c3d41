"""``sovet period``: a planning period opened, a workplace's proposal filed, a round
published, the period shown and a round's inputs written for ``sovet plan``, from the
command line; a refusal exits with code 2."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Clock, ElectDelegates
from sovet.adapters.sql import utc_now
from sovet.bootstrap import Settings, bootstrap
from sovet.cli import app
from sovet.domain.books import Quantity, Target
from sovet.domain.planning import PlanPart
from sovet.period_cli import period_lines
from sovet.planning import plan_ray
from sovet.planning.cli import read_model
from sovet.services.add_product import AddProduct, add_product
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.read_plan import read_period
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()
PASSWORD = "a long password"
EMAIL = "pavel@bakery.example"


@pytest.fixture
def home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock, elect_delegates: ElectDelegates
) -> Path:
    """Pavel keeps the bakery's books and sits for it in the joint economic council,
    which decides planning and asks for bread. The bakery elects him on a clock set back
    by a month, which its election's weeks move on, so that the commands after it, on the
    real clock, come later in the record."""
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    clock.moment = utc_now() - timedelta(days=30)
    sovet = bootstrap(Settings.from_environment(tmp_path), clock=clock)
    with sovet.db.transaction() as store:
        pavel = register_member(store, RegisterMember("Pavel", EMAIL, PASSWORD))
        found_base_council(store, FoundBaseCouncil("bakery", "Bakery", "Mill Street"), actor=pavel)
        add_product(store, AddProduct("bakery", "bread", "Bread", "kg"), actor=pavel)
        record_process(
            store, RecordProcess("bakery", "oven", "bread", "kg", 0.2, 500.0), actor=pavel
        )
        charter = {"decides": ["planning"], "proposes_demand": ["consumption"]}
        found_delegate_council(
            store, FoundDelegateCouncil("joint", "Joint", "bakery", charter=charter), actor=pavel
        )
    elect_delegates(sovet, "joint", "bakery", [pavel], [pavel])
    sovet.db.engine.dispose()
    return tmp_path


def test_a_period_is_opened_proposed_to_balanced_and_shown_from_the_command_line(
    home: Path,
) -> None:
    where = ["--home", str(home)]
    opened = runner.invoke(
        app, ["period", "open", "joint", "2028", "--as", EMAIL, "--days", "0", *where]
    )
    assert opened.exit_code == 0, opened.output
    period = opened.output.split()[2]
    proposed = runner.invoke(app, ["period", "propose", period, "bakery", "--as", EMAIL, *where])
    assert proposed.exit_code == 0, proposed.output
    assert "bakery proposed 1 processes for round 1" in proposed.output
    sovet = bootstrap(Settings.from_environment(home))
    with sovet.db.transaction() as store:
        pavel = store.member(0)
        assert pavel is not None
        asked = (Target("bread", 400, "kg", "consumption"),)
        file_plan_target(store, FilePlanTarget(int(period), "joint", asked), actor=pavel)
    sovet.db.engine.dispose()

    published = runner.invoke(app, ["period", "round", period, "--as", EMAIL, *where])
    assert published.exit_code == 0, published.output
    assert "round 1: plan ray 1.25 (balanced)" in published.output
    assert published.stderr == "", "no progress is drawn where stderr is not a terminal"
    assert "binding: the capacity of process 'bakery/oven'" in published.output
    shown = runner.invoke(app, ["period", "show", period, *where])
    assert shown.exit_code == 0, shown.output
    assert (
        "2028 of Joint, balanced: its last round meets the targets; 1 of at most 5 rounds"
        in shown.output
    )

    again = runner.invoke(app, ["period", "round", period, "--as", EMAIL, *where])
    assert again.exit_code == 2
    assert "its last round balanced" in again.output


def opened_and_proposed(home: Path) -> str:
    """A period of the joint council, with the bakery's proposal filed: its id."""
    where = ["--home", str(home)]
    opened = runner.invoke(
        app, ["period", "open", "joint", "2028", "--as", EMAIL, "--days", "0", *where]
    )
    period = opened.output.split()[2]
    runner.invoke(app, ["period", "propose", period, "bakery", "--as", EMAIL, *where])
    return period


def ask_for_bread(home: Path, period: str, *kilograms: float) -> None:
    """The joint council files each target of bread in turn, a round published after each."""
    sovet = bootstrap(Settings.from_environment(home))
    for bread in kilograms:
        with sovet.db.transaction() as store:
            pavel = store.member(0)
            assert pavel is not None
            asked = (Target("bread", bread, "kg", "consumption"),)
            file_plan_target(store, FilePlanTarget(int(period), "joint", asked), actor=pavel)
        published = runner.invoke(
            app, ["period", "round", period, "--as", EMAIL, "--home", str(home)]
        )
        assert published.exit_code == 0, published.output
    sovet.db.engine.dispose()


def test_show_sums_up_the_earlier_rounds_and_details_the_last(home: Path) -> None:
    where = ["--home", str(home)]
    period = opened_and_proposed(home)
    ask_for_bread(home, period, 1000, 400)

    shown = runner.invoke(app, ["period", "show", period, *where])

    assert shown.exit_code == 0, shown.output
    assert "round 1: plan ray 0.5, short of 50.0% of the targets\n" in shown.output
    assert "round 2: plan ray 1.25 (balanced)\n" in shown.output
    assert shown.output.count("accuracy:") == 1


def test_show_says_in_words_how_each_part_of_the_plan_stands(home: Path) -> None:
    period = opened_and_proposed(home)
    ask_for_bread(home, period, 400)
    sovet = bootstrap(Settings.from_environment(home))
    with sovet.db.reading() as store:
        found = read_period(store, int(period))
    sovet.db.engine.dispose()
    [bakery] = [council.id for council in found.councils.values() if council.slug == "bakery"]
    bread = (Quantity("bread", 400, "kg"),)
    parts = [
        PlanPart(found.period.id, bakery, 1, bread, (), 80.0, state, None)
        for state in ("sent", "returned")
    ]
    lines = period_lines(replace(found, period=replace(found.period, state="adopted"), parts=parts))
    assert "Joint, planned: its plan is adopted; 1 of at most 5 rounds" in lines[0]
    assert "part of bakery (sent to the workplace for its vote): 400 kg bread" in lines
    assert "part of bakery (returned into a further round): 400 kg bread" in lines


def test_a_published_rounds_inputs_give_its_plan_ray_again_in_sovet_plan(home: Path) -> None:
    period = opened_and_proposed(home)
    ask_for_bread(home, period, 1000, 400)
    rays = {}

    for number in ("1", "2"):
        folder = home / f"round-{number}"
        asked = ["period", "inputs", period, "--round", number, "--out", str(folder)]
        written = runner.invoke(app, [*asked, "--home", str(home)])
        assert written.exit_code == 0, written.output
        assert f"wrote the inputs of round {number} of 2028: 1 products" in written.output
        model = read_model(sorted(folder.glob("*.csv")))
        rays[number] = plan_ray(model.economy, model.targets).scale

    # Round 1 asked for 1000 kg, round 2 for 400 kg, of an oven that bakes 500 kg.
    assert rays == {"1": pytest.approx(0.5), "2": pytest.approx(1.25)}
    assert "round 2 published a plan ray of 1.25" in written.output


def test_the_next_rounds_inputs_are_the_proposals_and_targets_as_they_stand(
    home: Path,
) -> None:
    period = opened_and_proposed(home)
    ask_for_bread(home, period, 1000)
    sovet = bootstrap(Settings.from_environment(home))
    with sovet.db.transaction() as store:
        pavel = store.member(0)
        assert pavel is not None
        asked = (Target("bread", 250, "kg", "consumption"),)
        file_plan_target(store, FilePlanTarget(int(period), "joint", asked), actor=pavel)
    sovet.db.engine.dispose()

    written = runner.invoke(
        app, ["period", "inputs", period, "--out", str(home / "next"), "--home", str(home)]
    )

    assert written.exit_code == 0, written.output
    assert "wrote the inputs of round 2 of 2028" in written.output
    model = read_model(sorted((home / "next").glob("*.csv")))
    assert model.economy.process_codes == ("bakery/oven",)
    assert model.economy.workplaces == ("bakery",)
    assert model.economy.capacity.tolist() == [500.0]
    assert model.targets.tolist() == [250.0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["99", "--out", "x"], "there is no planning period 99"),
        (["{period}", "--round", "2", "--out", "x"], "round 2: 2028 has published 1 round\n"),
        (["{period}", "--out", "x"], "its last round balanced"),
        (["{period}", "--round", "1", "--out", "taken"], "taken: "),
    ],
)
def test_inputs_are_refused_in_one_line(home: Path, arguments: list[str], message: str) -> None:
    period = opened_and_proposed(home)
    ask_for_bread(home, period, 400)
    (home / "taken").write_text("a file, not a folder")
    named = [argument.format(period=period) for argument in arguments]
    named = [str(home / a) if a in ("x", "taken") else a for a in named]

    refused = runner.invoke(app, ["period", "inputs", *named, "--home", str(home)])

    assert refused.exit_code == 2
    assert message in refused.output
    assert not (home / "x").exists()
