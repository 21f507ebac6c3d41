"""The operator's record commands: verify (with tampering), export, replay."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from typer.testing import CliRunner, Result

from sovet.adapters.audit import export_record
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.cli import app
from sovet.http import create_app
from sovet.record.checkpoint import InstanceKey
from sovet.record.merkle import MerkleTree, leaf_hash
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.register_member import RegisterMember, register_member

runner = CliRunner()


@pytest.fixture
def instance(backend_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sovet:
    """An instance in ``tmp_path`` with seven entries, each act in its own transaction."""
    monkeypatch.setenv("SOVET_DATABASE_URL", backend_url)
    sovet = bootstrap(Settings.from_environment(tmp_path))
    members = []
    for number, name in enumerate(["Ana Kovac", "Boris Petrov", "Clara Rossi"]):
        with sovet.db.transaction() as store:
            members.append(
                register_member(
                    store, RegisterMember(name, f"m{number}@lathe.example", "a long password")
                )
            )
    with sovet.db.transaction() as store:
        found_base_council(
            store,
            FoundBaseCouncil("lathe", "Lathe Workers' Council", "Lathe Works"),
            actor=members[0],
        )
    for member in members[1:]:
        with sovet.db.transaction() as store:
            admit_member(store, AdmitMember("lathe", member.id), actor=members[0])
    return sovet


def sovet_cli(home: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--home", str(home)])


def run_sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def body_at(engine: Engine, position: int) -> str:
    with engine.connect() as conn:
        body: str = conn.execute(
            text("SELECT body FROM record_entries WHERE position = :p"), {"p": position}
        ).scalar_one()
    return body


def test_an_untouched_record_verifies(instance: Sovet, tmp_path: Path) -> None:
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 0, result.output
    assert "entries      7" in result.output
    assert "the record verifies" in result.output


def test_an_edited_entry_is_reported_at_its_position(instance: Sovet, tmp_path: Path) -> None:
    edited = body_at(instance.db.engine, 1).replace("Boris Petrov", "Boris Stalin")
    run_sql(instance.db.engine, "UPDATE record_entries SET body = :b WHERE position = 1", b=edited)
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert "position 1: changed: the body no longer matches its leaf hash" in result.output
    assert "position 0:" not in result.output
    assert "position 2:" not in result.output


def test_an_edit_that_rewrites_the_leaf_hash_still_breaks_the_signed_root(
    instance: Sovet, tmp_path: Path
) -> None:
    edited = body_at(instance.db.engine, 2).replace("Clara Rossi", "Clara Nobody")
    run_sql(
        instance.db.engine,
        "UPDATE record_entries SET body = :b, leaf_hash = :h WHERE position = 2",
        b=edited,
        h=leaf_hash(edited.encode()),
    )
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert "position 2: checkpoint: entries 2 to 2 no longer give the root signed at size 3" in (
        result.output
    )


def test_a_deleted_entry_is_reported_at_its_position(instance: Sovet, tmp_path: Path) -> None:
    run_sql(instance.db.engine, "DELETE FROM record_entries WHERE position = 5")
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert "position 5: removed: no entry is stored here" in result.output


def test_an_inserted_entry_is_reported_at_its_position(instance: Sovet, tmp_path: Path) -> None:
    forged = json.loads(body_at(instance.db.engine, 6))
    forged["position"] = 7
    body = json.dumps(forged, sort_keys=True, separators=(",", ":"))

    run_sql(
        instance.db.engine,
        "INSERT INTO record_entries (position, kind, actor, time, body, leaf_hash) "
        "VALUES (7, :k, :a, :t, :b, :h)",
        k=forged["kind"],
        a=forged["actor"],
        t=forged["time"],
        b=body,
        h=leaf_hash(body.encode()),
    )
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert "position 7: unsigned: no signed checkpoint covers this entry" in result.output


def test_reordered_entries_are_reported_at_both_positions(instance: Sovet, tmp_path: Path) -> None:
    engine = instance.db.engine
    first, second = body_at(engine, 5), body_at(engine, 6)
    run_sql(engine, "UPDATE record_entries SET body = :b WHERE position = 5", b=second)
    run_sql(engine, "UPDATE record_entries SET body = :b WHERE position = 6", b=first)
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert "position 5: moved: the entry stored here was appended at 6" in result.output
    assert "position 6: moved: the entry stored here was appended at 5" in result.output


def test_a_changed_column_beside_the_body_is_reported(instance: Sovet, tmp_path: Path) -> None:
    run_sql(instance.db.engine, "UPDATE record_entries SET actor = 2 WHERE position = 4")
    result = sovet_cli(tmp_path, "verify")
    assert result.exit_code == 1
    assert "position 4: changed: the actor column differs from the entry's body" in result.output


def test_an_export_verifies_with_no_database_and_shows_tampering(
    instance: Sovet, tmp_path: Path
) -> None:
    export = tmp_path / "record.jsonl"
    assert sovet_cli(tmp_path, "export", str(export)).exit_code == 0
    lines = export.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "sovet-export/v1"
    clean = runner.invoke(app, ["verify", "--export", str(export)])
    assert clean.exit_code == 0, clean.output
    assert "entries      7" in clean.output

    bodies = [i for i, line in enumerate(lines) if '"checkpoint"' not in line][1:]
    lines[bodies[3]] = lines[bodies[3]].replace("Lathe Workers", "Party Workers")
    export.write_text("\n".join(lines) + "\n")
    tampered = runner.invoke(app, ["verify", "--export", str(export)])
    assert tampered.exit_code == 1
    assert "position 3: checkpoint: entries 3 to 4 no longer give the root signed at size 5" in (
        tampered.output
    )


def test_verify_refuses_a_public_key_that_is_not_the_instances(
    instance: Sovet, tmp_path: Path
) -> None:
    other = "A" * 43 + "="
    result = sovet_cli(tmp_path, "verify", "--public-key", other)
    assert result.exit_code == 1
    assert "the instance's key is not the public key given" in result.output


def test_replay_rebuilds_the_live_state_from_the_record(instance: Sovet, tmp_path: Path) -> None:
    result = sovet_cli(tmp_path, "replay", "--check")
    assert result.exit_code == 0, result.output
    assert "replayed 7 entries" in result.output
    assert "the replayed state equals the live state" in result.output


def test_replay_reports_a_state_that_no_longer_matches_the_record(
    instance: Sovet, tmp_path: Path
) -> None:
    run_sql(instance.db.engine, "UPDATE members SET name = 'Nobody' WHERE id = 1")
    result = sovet_cli(tmp_path, "replay", "--check")
    assert result.exit_code == 1
    assert "members (1,)" in result.output
    assert "1 rows differ from the live state" in result.output


def test_replay_of_an_export_rebuilds_an_instance_that_verifies(
    instance: Sovet, tmp_path: Path
) -> None:
    export = tmp_path / "record.jsonl"
    sovet_cli(tmp_path, "export", str(export))
    rebuilt = tmp_path / "rebuilt.db"
    result = runner.invoke(
        app, ["replay", "--export", str(export), "--into", f"sqlite:///{rebuilt}"]
    )
    assert result.exit_code == 0, result.output
    engine = create_engine(f"sqlite:///{rebuilt}")
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM members ORDER BY id")).scalars().all()
    engine.dispose()
    assert names == ["Ana Kovac", "Boris Petrov", "Clara Rossi"]


def test_replay_refuses_a_tampered_export_and_writes_nothing(
    instance: Sovet, tmp_path: Path
) -> None:
    export = tmp_path / "record.jsonl"
    sovet_cli(tmp_path, "export", str(export))
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text(export.read_text().replace("Lathe Works", "Evil Works"))
    rebuilt = tmp_path / "rebuilt.db"
    result = runner.invoke(
        app, ["replay", "--export", str(tampered), "--into", f"sqlite:///{rebuilt}"]
    )
    assert result.exit_code == 1
    assert "position 3: checkpoint: entries 3 to 4 no longer give the root signed at size 5" in (
        result.output
    )
    assert result.output.endswith("nothing replayed: the export does not verify\n")
    assert "replayed 7 entries" not in result.output
    assert not rebuilt.exists()


def test_bad_input_to_verify_exits_with_code_2_and_one_line(tmp_path: Path) -> None:
    missing_file = runner.invoke(app, ["verify", "--export", str(tmp_path / "nope.jsonl")])
    assert missing_file.exit_code == 2
    assert missing_file.output.count("\n") == 1
    not_an_export = tmp_path / "bad.jsonl"
    not_an_export.write_text("hello\n")
    malformed = runner.invoke(app, ["verify", "--export", str(not_an_export)])
    assert malformed.exit_code == 2
    assert "line 1: not a sovet export header" in malformed.output
    bad_key = runner.invoke(app, ["verify", "--export", str(not_an_export), "--public-key", "!!"])
    assert bad_key.exit_code == 2
    assert "--public-key: not base64" in bad_key.output
    for header in [
        '{"format": "sovet-export/v1"}',
        '{"format": "sovet-export/v1", "public_key": 7}',
    ]:
        keyless = tmp_path / "keyless.jsonl"
        keyless.write_text(header + "\n")
        for command in ("verify", "replay"):
            result = runner.invoke(app, [command, "--export", str(keyless)])
            assert result.exit_code == 2
            assert result.output == (
                f"error: {keyless}: line 1: the header has no public_key in base64\n"
            )


def test_an_export_or_replay_that_cannot_be_written_is_refused_in_one_line(
    instance: Sovet, tmp_path: Path
) -> None:
    into_a_folder = sovet_cli(tmp_path, "export", str(tmp_path))
    assert into_a_folder.exit_code == 2
    assert into_a_folder.output == f"error: {tmp_path}: Is a directory\n"
    nowhere = f"sqlite:///{tmp_path / 'nowhere' / 'replay.db'}"
    for url, shown, words in [
        ("not-a-url", "(not a database URL)", "Could not parse SQLAlchemy URL"),
        (nowhere, nowhere, "unable to open database file"),
    ]:
        replayed = sovet_cli(tmp_path, "replay", "--into", url)
        assert replayed.exit_code == 2
        assert replayed.output.startswith(f"error: --into {shown}: {words}")
        assert replayed.output.count("\n") == 1


def kept_in(form: str, instance: Sovet, tmp_path: Path) -> Path:
    """The checkpoint of size 3 in a file, in one of the forms the instance hands out."""
    checkpoint = instance.db.checkpoints()[2]
    exported = json.dumps({"checkpoint": checkpoint.to_json()})
    if form == "api":
        with TestClient(create_app(instance)) as client:
            latest = client.get("/api/record/checkpoints/latest").json()
        assert latest["checkpoint"]["size"] == 7
        latest["checkpoint"] = checkpoint.to_json()
        text = json.dumps(latest)
    elif form == "export lines":
        text = f"{exported}\n{json.dumps({'checkpoint': instance.db.checkpoints()[1].to_json()})}\n"
    elif form == "list":
        text = json.dumps([json.loads(exported), checkpoint.to_json()])
    else:
        text = json.dumps(checkpoint.to_json())
    kept = tmp_path / "kept.json"
    kept.write_text(text)
    return kept


def test_a_replay_that_cannot_reach_its_database_keeps_the_password_out_of_its_error(
    instance: Sovet, tmp_path: Path
) -> None:
    for url, shown in [
        (
            "postgresql+psycopg://auditor:s3cret@127.0.0.1:1/sovet",
            "postgresql+psycopg://auditor:***@127.0.0.1:1/sovet",
        ),
        (
            "postgresql+psycopg://auditor:s3cret@localhost:port/sovet",
            "postgresql+psycopg://auditor:***@localhost:port/sovet",
        ),
    ]:
        result = sovet_cli(tmp_path, "replay", "--into", url)
        assert result.exit_code == 2
        assert result.output.startswith(f"error: --into {shown}: ")
        assert result.output.count("\n") == 1
        assert "s3cret" not in result.output


@pytest.mark.parametrize("form", ["bare", "api", "export lines", "list"])
def test_a_kept_checkpoint_exposes_history_rewritten_with_the_stolen_key(
    instance: Sovet, tmp_path: Path, form: str
) -> None:
    kept = kept_in(form, instance, tmp_path)
    assert sovet_cli(tmp_path, "verify", "--kept", str(kept)).exit_code == 0
    engine = instance.db.engine
    edited = body_at(engine, 1).replace("Boris Petrov", "Boris Unperson")
    run_sql(
        engine,
        "UPDATE record_entries SET body = :b, leaf_hash = :h WHERE position = 1",
        b=edited,
        h=leaf_hash(edited.encode()),
    )
    leaves = [leaf_hash(body_at(engine, position).encode()) for position in range(7)]
    run_sql(engine, "DELETE FROM record_checkpoints")
    tree = MerkleTree(leaves)
    for size in range(1, 8):
        forged = instance.key.sign_checkpoint(size, tree.root(size), "2026-05-01T09:00:00Z")
        run_sql(
            engine,
            "INSERT INTO record_checkpoints (size, root, timestamp, key_id, signature) "
            "VALUES (:s, :r, :t, :k, :g)",
            s=size,
            r=forged.root,
            t=forged.timestamp,
            k=forged.key_id,
            g=forged.signature,
        )
    assert sovet_cli(tmp_path, "verify").exit_code == 0
    result = sovet_cli(tmp_path, "verify", "--kept", str(kept))
    assert result.exit_code == 1
    assert "not an extension of the kept checkpoint of size 3: its history was rewritten" in (
        result.output
    )


def test_a_kept_checkpoint_is_checked_against_the_records_key_not_the_one_beside_it(
    instance: Sovet, tmp_path: Path
) -> None:
    impostor = InstanceKey.from_seed(bytes(32))
    kept = tmp_path / "kept.json"
    kept.write_text(
        json.dumps(
            {
                "checkpoint": impostor.sign_checkpoint(
                    3, bytes(32), "2026-05-01T09:00:00Z"
                ).to_json(),
                "public_key": base64.b64encode(impostor.public_key).decode(),
                "key_id": impostor.key_id,
            }
        )
    )
    ours = base64.b64encode(instance.key.public_key).decode()
    theirs = base64.b64encode(impostor.public_key).decode()
    result = sovet_cli(tmp_path, "verify", "--kept", str(kept))
    assert result.exit_code == 1
    assert result.output == (
        f"error: {kept}: it came with the public key {theirs}, not the record's {ours}\n"
    )
    export = tmp_path / "record.jsonl"
    sovet_cli(tmp_path, "export", str(export))
    exported = runner.invoke(app, ["verify", "--export", str(export), "--kept", str(kept)])
    assert exported.exit_code == 1
    assert "it came with the public key" in exported.output


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"size": 3}', "not a checkpoint: it has no root, timestamp, signature or key_id"),
        (
            '{"checkpoint": {"size": 3, "root": "x"}}',
            "not a checkpoint: it has no timestamp, signature or key_id",
        ),
        ('[{"checkpoint": 3}]', "item 1: not a checkpoint: a JSON number, not an object"),
        ("[]", "holds no checkpoint"),
        ("{", "not JSON (Expecting property name enclosed in double quotes at line 1)"),
        ('"cp"', "not a checkpoint: a JSON string, not an object"),
    ],
)
def test_verify_refuses_a_kept_file_that_holds_no_checkpoint_saying_what_is_missing(
    instance: Sovet, tmp_path: Path, text: str, words: str
) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text(text)
    result = sovet_cli(tmp_path, "verify", "--kept", str(kept))
    assert result.exit_code == 2
    assert result.output == f"error: {kept}: {words}\n"


def test_a_kept_checkpoint_with_a_bad_field_is_refused_naming_it(
    instance: Sovet, tmp_path: Path
) -> None:
    good = instance.db.checkpoints()[0].to_json()
    for field, value, words in [
        ("size", "3", "its size is not a whole number"),
        ("root", "not base64!", "its root is not base64"),
        ("root", "AAAA", "root must be 32 bytes long, got 3"),
    ]:
        kept = tmp_path / "kept.json"
        kept.write_text(json.dumps({"checkpoint": {**good, field: value}}) + "\n" * 2 + "{}")
        result = sovet_cli(tmp_path, "verify", "--kept", str(kept))
        assert result.exit_code == 2
        assert result.output == f"error: {kept}: line 1: not a checkpoint: {words}\n"


def test_a_restored_database_without_its_key_is_given_no_new_key(
    instance: Sovet, tmp_path: Path
) -> None:
    key = tmp_path / "instance.key"
    kept = key.read_bytes()
    key.unlink()
    database = instance.db.engine.url.render_as_string(hide_password=True)
    refusal = (
        f"error: the database {database} holds a record but {key} is missing: put back "
        "the instance.key kept with it (a new key would not verify the record)\n"
    )
    for command in ["init", "verify", "serve"]:
        result = sovet_cli(tmp_path, command)
        assert result.exit_code == 2
        assert result.output == refusal
    assert not key.exists()
    key.write_bytes(kept)
    assert sovet_cli(tmp_path, "verify").exit_code == 0


def test_an_export_is_never_written_over_a_file(instance: Sovet, tmp_path: Path) -> None:
    earlier = tmp_path / "record.jsonl"
    earlier.write_text("an earlier export\n")
    result = sovet_cli(tmp_path, "export", str(earlier))
    assert result.exit_code == 2
    assert result.output == (
        f"error: {earlier} exists already: an export is written to a new file\n"
    )
    assert earlier.read_text() == "an earlier export\n"


def forged_export(tmp_path: Path) -> Path:
    """A whole record of a forger's own, its checkpoints signed with their own key, which
    its header names."""
    forger = bootstrap(
        Settings(home=tmp_path / "forger", database_url=f"sqlite:///{tmp_path / 'forger.db'}")
    )
    for number, name in enumerate(["Ana Kovac", "Boris Petrov", "Clara Rossi"]):
        with forger.db.transaction() as store:
            register_member(
                store, RegisterMember(name, f"m{number}@lathe.example", "a long password")
            )
    path = tmp_path / "forged.jsonl"
    with path.open("w", encoding="utf-8") as file:
        export_record(forger.db, file)
    forger.db.engine.dispose()
    return path


def another_key(forged: Path, instance: Sovet) -> str:
    """What verify says first of an export whose header names another key than the
    instance's, given."""
    header = json.loads(forged.read_text(encoding="utf-8").splitlines()[0])
    return (
        f"the export's header names another key (key id {header['key_id']}) than the one "
        f"given (key id {instance.key.key_id}): its checkpoints are checked against the one "
        "given"
    )


def test_verifying_an_export_against_another_key_than_its_headers_says_so_first(
    instance: Sovet, tmp_path: Path
) -> None:
    forged = forged_export(tmp_path)
    ours = base64.b64encode(instance.key.public_key).decode()
    result = runner.invoke(app, ["verify", "--export", str(forged), "--public-key", ours])
    assert result.exit_code == 1
    first, *report = result.output.splitlines()
    assert first == another_key(forged, instance)
    assert report[0] == "entries      3"
    assert "  position 1: checkpoint: the checkpoint's signature is not valid" in report
    genuine = tmp_path / "record.jsonl"
    sovet_cli(tmp_path, "export", str(genuine))
    same = runner.invoke(app, ["verify", "--export", str(genuine), "--public-key", ours])
    assert same.exit_code == 0, same.output
    assert same.output.startswith("entries      7\n")


def test_replay_of_an_export_pinned_to_the_instances_key_or_checkpoint_replays_no_forgery(
    instance: Sovet, tmp_path: Path
) -> None:
    forged = forged_export(tmp_path)
    unpinned = runner.invoke(app, ["replay", "--export", str(forged)])
    assert unpinned.exit_code == 0, unpinned.output  # checked against its own key alone
    ours = base64.b64encode(instance.key.public_key).decode()
    kept = kept_in("bare", instance, tmp_path)
    rebuilt = tmp_path / "rebuilt.db"
    for pin, problem in [
        (["--public-key", ours], "position 1: checkpoint: the checkpoint's signature is not valid"),
        (["--kept", str(kept)], "position 3: checkpoint: the kept checkpoint's signature is not"),
    ]:
        result = runner.invoke(
            app, ["replay", "--export", str(forged), *pin, "--into", f"sqlite:///{rebuilt}"]
        )
        assert result.exit_code == 1
        assert problem in result.output
        assert result.output.startswith(another_key(forged, instance)) == (pin[0] == "--public-key")
        assert result.output.endswith("nothing replayed: the export does not verify\n")
        assert not rebuilt.exists()
    genuine = tmp_path / "record.jsonl"
    sovet_cli(tmp_path, "export", str(genuine))
    replayed = runner.invoke(
        app,
        ["replay", "--export", str(genuine), "--public-key", ours, "--kept", str(kept)],
    )
    assert replayed.exit_code == 0, replayed.output
    assert "replayed 7 entries" in replayed.output


def test_replay_refuses_a_key_or_kept_checkpoints_without_an_export_in_one_line(
    instance: Sovet, tmp_path: Path
) -> None:
    ours = base64.b64encode(instance.key.public_key).decode()
    for pin in (["--public-key", ours], ["--kept", str(kept_in("bare", instance, tmp_path))]):
        result = sovet_cli(tmp_path, "replay", *pin)
        assert result.exit_code == 2
        assert result.output == (
            "error: --public-key and --kept check an export: use them with --export "
            "(`sovet verify` checks the live record)\n"
        )
