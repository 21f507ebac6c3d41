"""A federation built end to end through the JSON API, then checked from its record."""

from __future__ import annotations

import base64

from sovet.record.checkpoint import Checkpoint, key_id_for, verify_checkpoint
from sovet.record.merkle import verify_consistency, verify_inclusion

from .api_steps import Api, Clock, Person

MEMBER_LIST = """name,email,contact
Carla Moretti,carla@example.org,press shop
Dmitri Orlov,dmitri@example.org,
"""


def build_federation(api: Api, clock: Clock) -> dict[str, Person]:
    """Two workplaces found their councils, import their members, found a regional
    council, join it, and elect their delegates to it."""
    alma = api.register("Alma Reyes")
    boris = api.register("Boris Kalnins")
    api.found_base(alma, "acme-works", "Acme Works")
    api.found_base(boris, "bolt-coop", "Bolt Cooperative")

    imported = api.client.post(
        "/api/councils/acme-works/members/import",
        content=MEMBER_LIST,
        headers={**alma.headers, "Content-Type": "text/csv"},
    )
    assert imported.status_code == 201, imported.text
    invitations = {row["email"]: row["invitation"] for row in imported.json()["imported"]}
    claimed = api.client.post(
        "/api/invitations/claim",
        json={
            "email": "carla@example.org",
            "code": invitations["carla@example.org"],
            "password": "carla's own passphrase",
        },
    )
    assert claimed.status_code == 201, claimed.text
    carla = api.log_in("carla@example.org", "carla's own passphrase")

    api.act(
        alma,
        "/api/councils/delegate",
        {
            "slug": "rhone",
            "name": "Rhône Regional Council",
            "constituent": "acme-works",
            "seats": 2,
        },
    )
    api.act(boris, "/api/councils/rhone/constituents", {"constituent": "bolt-coop", "seats": 1})
    api.elect(clock, "rhone", "acme-works", [alma, carla], [alma, carla])
    api.elect(clock, "rhone", "bolt-coop", [boris], [boris])
    return {"alma": alma, "boris": boris, "carla": carla}


def test_a_federation_built_through_the_api_reads_back_as_it_was_built(
    api: Api, clock: Clock
) -> None:
    people = build_federation(api, clock)

    rhone = api.get("/api/councils/rhone")
    assert rhone["council"]["kind"] == "delegate"
    assert [(c["council"]["slug"], c["seats"]) for c in rhone["constituents"]] == [
        ("acme-works", 2),
        ("bolt-coop", 1),
    ]
    assert [
        (seat["constituency"]["slug"], seat["number"], seat["holder"]["name"])
        for seat in rhone["seats"]
    ] == [
        ("acme-works", 1, "Alma Reyes"),
        ("acme-works", 2, "Carla Moretti"),
        ("bolt-coop", 1, "Boris Kalnins"),
    ]
    acme = api.get("/api/councils/acme-works")
    assert [m["name"] for m in acme["members"]] == ["Alma Reyes", "Carla Moretti", "Dmitri Orlov"]
    assert [c["slug"] for c in acme["sits_in"]] == ["rhone"]

    listed = {c["slug"]: c for c in api.get("/api/councils")}
    assert (listed["rhone"]["seats"], listed["rhone"]["filled"]) == (3, 3)
    assert listed["acme-works"]["members"] == 3

    graph = api.get("/api/federation")
    assert sorted(node["slug"] for node in graph["nodes"]) == ["acme-works", "bolt-coop", "rhone"]
    assert sorted((e["constituent"], e["council"], e["seats"]) for e in graph["edges"]) == [
        ("acme-works", "rhone", 2),
        ("bolt-coop", "rhone", 1),
    ]

    carla = api.get("/api/me", people["carla"])
    assert [c["slug"] for c in carla["councils"]] == ["acme-works"]
    assert [(m["council"]["slug"], m["seat"], m["active"]) for m in carla["mandates"]] == [
        ("rhone", 2, True)
    ]


def test_the_record_of_a_federation_lists_every_act_in_order(api: Api, clock: Clock) -> None:
    build_federation(api, clock)

    page = api.get("/api/record?limit=500")
    kinds = [entry["kind"] for entry in page["entries"]]
    assert page["total"] == len(kinds) == api.record_size()
    assert [entry["position"] for entry in page["entries"]] == list(range(len(kinds)))
    assert kinds.count("council.founded") == 3
    assert kinds.count("mandate.elected") == 3
    assert kinds.count("member.registered") == 4  # Alma and Boris, and two imported

    mandates = api.get("/api/record?kind=mandate.elected&limit=2")
    assert mandates["total"] == 3
    assert [entry["payload"]["seat"] for entry in mandates["entries"]] == [1, 2]


def test_an_entry_is_proved_in_the_signed_record_and_the_signature_checks(
    api: Api, clock: Clock
) -> None:
    build_federation(api, clock)
    latest = api.get("/api/record/checkpoints/latest")
    public_key = base64.b64decode(latest["public_key"])
    checkpoint = Checkpoint.from_json(latest["checkpoint"])
    assert latest["key_id"] == checkpoint.key_id == key_id_for(public_key)
    assert verify_checkpoint(checkpoint, public_key)
    assert checkpoint.size == api.record_size()

    last_mandate = api.get("/api/record?kind=mandate.elected&limit=500")["entries"][-1]
    position = last_mandate["position"]
    entry = api.get(f"/api/record/{position}")
    assert entry["entry"] == last_mandate

    proof = api.get(f"/api/record/{position}/proof")
    assert (proof["index"], proof["size"]) == (position, checkpoint.size)
    assert proof["leaf_hash"] == entry["leaf_hash"]
    assert Checkpoint.from_json(proof["checkpoint"]) == checkpoint
    assert verify_inclusion(
        leaf_hash=bytes.fromhex(proof["leaf_hash"]),
        index=position,
        size=checkpoint.size,
        proof=[base64.b64decode(h) for h in proof["proof"]],
        root=checkpoint.root,
    )
    assert not verify_inclusion(
        leaf_hash=bytes.fromhex(api.get(f"/api/record/{position - 1}")["leaf_hash"]),
        index=position,
        size=checkpoint.size,
        proof=[base64.b64decode(h) for h in proof["proof"]],
        root=checkpoint.root,
    )


def test_an_entry_is_proved_against_an_earlier_signed_checkpoint(api: Api) -> None:
    alma = api.register("Alma Reyes")
    founded = api.found_base(alma, "acme-works", "Acme Works")
    earlier = founded["entries"][-1] + 1
    api.register("Boris Kalnins")

    proof = api.get(f"/api/record/{founded['entries'][0]}/proof?size={earlier}")
    signed = Checkpoint.from_json(proof["checkpoint"])
    assert signed.size == earlier < api.record_size()
    assert verify_inclusion(
        leaf_hash=bytes.fromhex(proof["leaf_hash"]),
        index=founded["entries"][0],
        size=earlier,
        proof=[base64.b64decode(h) for h in proof["proof"]],
        root=signed.root,
    )


def test_the_latest_checkpoint_is_proved_to_extend_every_earlier_one(
    api: Api, clock: Clock
) -> None:
    build_federation(api, clock)
    latest = Checkpoint.from_json(api.get("/api/record/checkpoints/latest")["checkpoint"])

    before_last = [checkpoint.size for checkpoint in api.sovet.db.checkpoints()][-2]
    for old in (1, 2, 4, before_last, latest.size):
        answer = api.get(f"/api/record/consistency?old={old}")
        old_signed = Checkpoint.from_json(answer["old_checkpoint"])
        new_signed = Checkpoint.from_json(answer["new_checkpoint"])
        assert (old_signed.size, new_signed.size) == (old, latest.size)
        assert verify_consistency(
            old_size=old,
            new_size=latest.size,
            old_root=old_signed.root,
            new_root=new_signed.root,
            proof=[base64.b64decode(h) for h in answer["proof"]],
        )
