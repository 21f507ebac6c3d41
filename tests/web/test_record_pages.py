"""The public record: its pages, the whole-record verification, an entry and its proof."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import update

from sovet.adapters import tables
from sovet.adapters.audit import verify_database
from sovet.bootstrap import Sovet
from sovet.record.merkle import leaf_hash, verify_inclusion

from .conftest import record_size
from .federation import Federation


def data_attributes(page: str, element_id: str) -> dict[str, str]:
    tag = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', page, re.S)
    assert tag is not None, f"no element #{element_id}"
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group(0))
    }


def words(page: str) -> str:
    """The page's text, without its tags: a sentence reads across its links."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_record_page_lists_the_latest_entries_in_words_and_a_validly_signed_checkpoint(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    page = client.get("/record")
    assert page.status_code == 200
    size = record_size(sqlite_sovet)
    assert f"Entries {size - 50} to {size - 1} of {size}" in page.text
    assert "Signature valid:" in page.text
    assert (
        "Anna Petrova elected to seat 1 of City Workers' Council in Congress of Councils"
    ) in words(page.text)
    assert f"<dd>{size}</dd>" in page.text  # the checkpoint covers every entry
    earliest = words(client.get("/record?start=0").text)
    assert "Elena Sorokina registered as a member" in earliest
    assert "Boris Kuznetsov admitted to Mill Street Bakery" in earliest


def test_the_record_page_says_in_words_what_standing_each_act_was_done_under(
    client: TestClient, federation: Federation
) -> None:
    """A member reads "as a member of" a council, "as delegate of" a constituency "to" a
    council, or "in their own name": never the key the entry stores."""
    latest = words(client.get("/record").text)
    assert "by Anna Petrova, as delegate of Mill Street Bakery to City Workers' Council" in latest
    assert "by Clara Weiss, as delegate of North Tram Depot to City Workers' Council" in latest
    earliest = words(client.get("/record?start=0").text)
    assert "by Elena Sorokina, in their own name" in earliest
    assert "by Anna Petrova, as a member of Mill Street Bakery" in earliest
    for page in (latest, earliest):
        assert not re.search(r"\b(self|(membership|mandate|office):[0-9]+)\b", page)


def test_an_entry_page_names_its_standing_in_words_and_keeps_the_key_recorded(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    boris = federation.members["boris"]
    [admitted] = [
        e
        for e in sqlite_sovet.db.entries(0)
        if e.kind == "member.admitted" and e.payload["member"] == boris.id
    ]
    page = client.get(f"/record/{admitted.position}").text
    acting = re.search(r"<dt>Acting</dt><dd>(.*?)</dd>", page)
    assert acting is not None
    said, _, recorded = acting.group(1).partition("<br>")
    assert words(said) == "as a member of Mill Street Bakery"
    assert '<a href="/councils/bakery">Mill Street Bakery</a>' in said
    assert f"recorded as <code>{admitted.under}</code>" in recorded
    assert admitted.under.startswith("membership:")


def test_the_record_is_paged_fifty_entries_at_a_time_from_the_latest(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    size = record_size(sqlite_sovet)
    page = client.get(f"/record?start={size - 47}")
    assert f"Entries {size - 47} to {size - 1} of {size}" in page.text
    assert 'href="/record?start=0"' in page.text
    assert "Later entries" not in page.text


def test_the_whole_record_verifies_when_nothing_was_touched(
    client: TestClient, federation: Federation
) -> None:
    page = client.get("/record/verify")
    assert page.status_code == 200
    assert "The record verifies." in page.text


def test_the_verification_page_names_a_tampered_entry_by_its_position(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    body = next(sqlite_sovet.db.bodies(2, 3))
    forged = body.replace("Clara Weiss", "Clara Forged")
    with sqlite_sovet.db.engine.begin() as conn:
        conn.execute(
            update(tables.entries).where(tables.entries.c.position == 2).values(body=forged)
        )
    page = client.get("/record/verify")
    assert page.status_code == 200
    assert "The record does NOT verify" in page.text
    assert '<td><a href="/record/2">2</a></td>\n        <td>changed</td>' in page.text


def test_an_entry_page_embeds_the_exact_body_and_a_proof_against_the_signed_root(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    page = client.get("/record/5")
    assert page.status_code == 200
    assert "Mill Street Bakery founded as a base council at Bakery, 4 Mill Street" in words(
        page.text
    )
    data = data_attributes(page.text, "proof")
    assert data["body"] == next(sqlite_sovet.db.bodies(5, 6))
    leaf = leaf_hash(data["body"].encode())
    assert data["leaf"] == leaf.hex()
    checkpoint = sqlite_sovet.db.checkpoint()
    assert checkpoint is not None
    assert int(data["size"]) == checkpoint.size
    assert verify_inclusion(
        leaf_hash=leaf,
        index=int(data["index"]),
        size=int(data["size"]),
        proof=[bytes.fromhex(node) for node in data["path"].split()],
        root=checkpoint.root,
    )
    assert data["root"] == checkpoint.to_json()["root"]
    assert data["public-key"] in page.text
    assert "The server says: the proof holds and the checkpoint's signature is valid" in (page.text)


def test_every_page_shows_the_root_in_hex_as_sovet_verify_prints_it(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    checkpoint = sqlite_sovet.db.checkpoint()
    assert checkpoint is not None
    signed = f'<code class="hash">{checkpoint.root.hex()}</code>'
    stored = f'<code class="hash">{verify_database(sqlite_sovet.db).root.hex()}</code>'
    assert signed in client.get("/record").text
    assert stored in client.get("/record/verify").text
    entry = client.get("/record/5").text
    assert f"<dt>Signed root</dt><dd>{signed}</dd>" in entry
    assert entry.count(checkpoint.to_json()["root"]) == 1  # data-root, for the note it signs


def test_an_entry_beyond_the_record_is_a_404_page(
    client: TestClient, federation: Federation
) -> None:
    response = client.get("/record/999")
    assert response.status_code == 404
    assert "the record has no entry at position 999" in response.text
