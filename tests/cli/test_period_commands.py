"""``sovet period``: a planning period opened, a workplace's proposal filed, a round
published and the period shown, from the command line; a refusal exits with code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sovet.bootstrap import Settings, bootstrap
from sovet.cli import app
from sovet.domain.books import Target
from sovet.services.add_product import AddProduct, add_product
from sovet.services.assign_founding_delegate import (
    AssignFoundingDelegate,
    assign_founding_delegate,
)
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()
PASSWORD = "a long password"
EMAIL = "pavel@bakery.example"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pavel keeps the bakery's books and sits for it in the joint economic council,
    which decides planning and asks for bread."""
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    monkeypatch.delenv("SOVET_DATABASE_URL", raising=False)
    sovet = bootstrap(Settings.from_environment(tmp_path))
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
        assign_founding_delegate(
            store, AssignFoundingDelegate("joint", "bakery", 1, pavel.id), actor=pavel
        )
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
    assert "binding: the capacity of process 'bakery/oven'" in published.output
    shown = runner.invoke(app, ["period", "show", period, *where])
    assert shown.exit_code == 0, shown.output
    assert "2028 of Joint, balanced, 1 of at most 5 rounds" in shown.output

    again = runner.invoke(app, ["period", "round", period, "--as", EMAIL, *where])
    assert again.exit_code == 2
    assert "its last round balanced" in again.output


def test_show_sums_up_the_earlier_rounds_and_details_the_last(home: Path) -> None:
    where = ["--home", str(home)]
    opened = runner.invoke(
        app, ["period", "open", "joint", "2028", "--as", EMAIL, "--days", "0", *where]
    )
    period = opened.output.split()[2]
    runner.invoke(app, ["period", "propose", period, "bakery", "--as", EMAIL, *where])
    sovet = bootstrap(Settings.from_environment(home))
    for bread in (1000, 400):
        with sovet.db.transaction() as store:
            pavel = store.member(0)
            assert pavel is not None
            asked = (Target("bread", bread, "kg", "consumption"),)
            file_plan_target(store, FilePlanTarget(int(period), "joint", asked), actor=pavel)
        published = runner.invoke(app, ["period", "round", period, "--as", EMAIL, *where])
        assert published.exit_code == 0, published.output
    sovet.db.engine.dispose()

    shown = runner.invoke(app, ["period", "show", period, *where])

    assert shown.exit_code == 0, shown.output
    assert "round 1: plan ray 0.5, short of 50.0% of the targets\n" in shown.output
    assert "round 2: plan ray 1.25 (balanced)\n" in shown.output
    assert shown.output.count("accuracy:") == 1
