"""``sovet books ...``: import a workplace's books from CSV, export them back the same,
show them; and a refused command in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sovet.books_cli import app
from sovet.bootstrap import Settings, bootstrap
from sovet.services.add_product import AddProduct, add_product
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()
PASSWORD = "a long enough passphrase"
BOOKS = (
    "row,process,product,quantity,unit,period\n"
    "process,oven,bread,500,kg,\n"
    "labour,oven,,0.2,h,\n"
    "input,oven,flour,0.7,kg,\n"
    "stock,,flour,120,kg,\n"
    "output,,bread,430,kg,2027-Q1\n"
    "use,,flour,301,kg,2027-Q1\n"
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bakery kept by Pavel, with bread and flour in the catalogue; Lev works elsewhere."""
    monkeypatch.setenv("SOVET_DATABASE_URL", f"sqlite:///{tmp_path / 'sovet.db'}")
    monkeypatch.setenv("SOVET_PASSWORD", PASSWORD)
    sovet = bootstrap(Settings.from_environment(tmp_path))
    with sovet.db.transaction() as store:
        pavel = register_member(store, RegisterMember("Pavel", "pavel@bakery.example", PASSWORD))
        register_member(store, RegisterMember("Lev", "lev@elsewhere.example", PASSWORD))
        found_base_council(store, FoundBaseCouncil("bakery", "Bakery No. 1", "Bakery"), actor=pavel)
        for code, name in [("bread", "Bread"), ("flour", "Flour")]:
            add_product(store, AddProduct("bakery", code, name, "kg"), actor=pavel)
    sovet.db.engine.dispose()
    return tmp_path


def test_books_imported_from_csv_export_back_the_same_and_show_in_words(home: Path) -> None:
    (home / "books.csv").write_text(BOOKS)
    acting = ["--as", "pavel@bakery.example", "--home", str(home)]
    imported = runner.invoke(app, ["import", "bakery", str(home / "books.csv"), *acting])
    assert imported.exit_code == 0, imported.output
    assert "imported 1 processes, 1 stocks and 2 figures" in imported.output
    exported = runner.invoke(app, ["export", "bakery", *acting])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout == BOOKS
    shown = runner.invoke(
        app, ["show", "bakery", "--as", "lev@elsewhere.example", "--home", str(home)]
    )
    assert shown.exit_code == 0, shown.output
    assert "capacity 500 kg per period" in shown.stdout
    assert "stock 120" not in shown.stdout
    assert "2027-Q1 output 430 kg of bread" in shown.stdout
    assert "not public: stocks, use" in shown.stdout


def test_a_malformed_line_refuses_the_import_in_one_line(home: Path) -> None:
    (home / "books.csv").write_text(BOOKS.replace("0.7,kg", "0.7,t"))
    result = runner.invoke(
        app,
        [
            "import",
            "bakery",
            str(home / "books.csv"),
            "--as",
            "pavel@bakery.example",
            "--home",
            str(home),
        ],
    )
    assert result.exit_code == 2
    assert "line 4: process 'oven', input counts 'flour' in 't'" in result.stderr


def test_books_that_cannot_be_read_or_written_are_refused_in_one_line(home: Path) -> None:
    acting = ["--as", "pavel@bakery.example", "--home", str(home)]
    (home / "books.csv").write_bytes(b"\xfe\xff")
    for command, words in [
        (["import", "bakery", str(home / "none.csv")], f"{home / 'none.csv'}: No such file"),
        (["import", "bakery", str(home / "books.csv")], "books.csv: not UTF-8 text (byte 0)"),
        (["export", "bakery", "--output", str(home)], f"{home}: Is a directory"),
    ]:
        result = runner.invoke(app, [*command, *acting])
        assert result.exit_code == 2
        assert words in result.stderr
        assert result.stderr.count("\n") == 1
