"""A motion's page: its text, support, amendments and versions as diffs, and threaded
comments with moderation that hides but never deletes."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.services.comment import PostComment, comment
from sovet.services.moderation import HideComment, hide_comment

from ..conftest import (
    REFUSED_AT_TOP,
    confirmed_under,
    csrf_from,
    log_in,
    record_size,
    refused_at_top,
)
from .deliberation import TEXT, Deliberation


def test_a_motions_page_shows_its_text_rendered_with_raw_html_shown_as_text(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina", text="The rota starts in *June*.\n\n<img src=x onerror=alert(1)>")
    page = client.get(f"/motions/{motion.id}")
    assert page.status_code == 200
    assert "<h1>Rotate the night shift</h1>" in page.text
    assert "<p>The rota starts in <em>June</em>.</p>" in page.text
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "gathering support" in page.text
    assert f'href="/login?next=/motions/{motion.id}"' in page.text


def test_a_motion_that_does_not_exist_is_a_404_page(
    client: TestClient, steps: Deliberation
) -> None:
    page = client.get("/motions/99999")
    assert page.status_code == 404
    assert "there is no motion 99999" in page.text


def test_members_support_a_motion_from_its_page_until_it_goes_on_the_agenda(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    for who, state in (("fyodor", "gathering support"), ("ivan", "on the agenda")):
        log_in(client, who)
        page = client.get(f"/motions/{motion.id}")
        assert "Support this motion</button>" in page.text
        assert "<dt>Kind of matter</dt><dd>workplace organisation</dd>" in page.text
        before = record_size(sqlite_sovet)
        response = client.post(
            f"/motions/{motion.id}/support",
            data={"csrf": csrf_from(page.text)},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == f"/motions/{motion.id}?done=supported#support"
        shown = client.get(response.headers["location"]).text
        assert "You support this motion." in shown
        assert f"{state}</span>" in shown
        assert "Support this motion</button>" not in shown
    assert record_size(sqlite_sovet) == before + 2  # the support, and the motion scheduled
    assert (
        'Its vote opens <time datetime="2026-08-07T09:00:00+00:00">2026-08-07 09:00 UTC</time>'
        in shown
    )


def test_supporting_twice_or_from_outside_the_council_is_refused_with_no_record_entry(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    log_in(client, "galina")
    page = client.get(f"/motions/{motion.id}").text
    assert "you support it" in page
    before = record_size(sqlite_sovet)
    twice = client.post(f"/motions/{motion.id}/support", data={"csrf": csrf_from(page)})
    assert twice.status_code == 409
    assert "Galina Ivanova already supports the motion" in twice.text
    assert "Nothing was changed and nothing was written to the record." in twice.text
    log_in(client, "clara")
    outsider = client.get(f"/motions/{motion.id}").text
    assert "Only members of Print Shop Collective support" in outsider
    refused = client.post(f"/motions/{motion.id}/support", data={"csrf": csrf_from(outsider)})
    assert refused.status_code == 403
    assert record_size(sqlite_sovet) == before


def test_a_member_asks_for_a_secret_ballot_from_the_page(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    response = client.post(f"/motions/{motion.id}/secret-ballot", data={"csrf": csrf_from(page)})
    assert response.status_code == 200
    assert "You asked for a secret ballot." in response.text
    assert "1 member has asked for a secret ballot" in response.text
    assert "Ask for a secret ballot</button>" not in response.text


def test_an_amendment_is_shown_as_a_diff_marking_insertions_and_deletions_in_words(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert "Propose an amendment" in page
    before = record_size(sqlite_sovet)
    edited = TEXT.replace("in turn", "by lot").replace("\n", "\r\n")
    response = client.post(
        f"/motions/{motion.id}/amendments",
        data={"csrf": csrf_from(page), "text": edited},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert record_size(sqlite_sovet) == before + 1
    shown = client.get(response.headers["location"]).text
    amendment = re.search(r'<article class="amendment".*?</article>', shown, re.S)
    assert amendment is not None
    assert "waiting for its vote" in amendment.group()
    assert (
        "Proposed by <a" in amendment.group()
        and "Katya Volkova</a> to version 1" in amendment.group()
    )
    assert (
        'night shift <del><span class="visually-hidden">[removed: </span>in turn'
        '<span class="visually-hidden">]</span></del><ins><span class="visually-hidden">'
        '[added: </span>by lot<span class="visually-hidden">]</span></ins>.'
    ) in amendment.group()
    assert (
        "<ins>Underlined text</ins> is added, <del>struck-through text</del> is removed." in shown
    )


def test_the_amendment_form_offers_the_motions_current_text_to_change_in_place(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    steps.amend("katya", motion, "in turn", "by lot")
    log_in(client, "ivan")
    page = html.unescape(client.get(f"/motions/{motion.id}").text)
    box = re.search(r'<textarea id="amend-text" name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert box is not None
    assert box.group(1) == TEXT, "the current text, not the amendment's, to change in place"
    assert '<label for="amend-text">Your amended text</label>' in page
    assert 'aria-describedby="amend-text-hint"' in box.group()
    assert "The text of version 1: change the words you would amend" in page


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        (TEXT, "Your amended text: is the motion's text unchanged; change the words you would"),
        (" ", "Your amended text: must not be empty; to strike a passage out, delete only that"),
        ("Night \x07shifts.", "Your amended text: contains a control or unassigned character"),
    ],
    ids=["unchanged", "empty", "control character"],
)
def test_a_refused_amendment_comes_back_in_its_box_with_the_reason_beside_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation, sent: str, reason: str
) -> None:
    motion = steps.scheduled()
    log_in(client, "katya")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    response = client.post(f"/motions/{motion.id}/amendments", data={"csrf": token, "text": sent})
    assert response.status_code == 422
    assert record_size(sqlite_sovet) == before
    page = html.unescape(response.text)
    form = re.search(r'<form [^>]*id="amendment-form">.*?</form>', page, re.S)
    assert form is not None
    assert (
        f'<p class="field-refusal" id="amend-text-refusal"><strong>Refused:</strong> {reason}'
        in form.group()
    )
    assert (
        '<textarea id="amend-text" name="text" rows="10" maxlength="20000" required '
        'aria-invalid="true" aria-describedby="amend-text-refusal amend-text-hint" autofocus>'
        f"{sent}</textarea>"
    ) in form.group()
    assert REFUSED_AT_TOP not in page, "the reason stands beside the form, not at the top too"
    assert "original" not in page, "no internal name of a field"


def test_amending_a_motion_whose_vote_has_opened_is_refused_and_no_form_is_offered(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, _ = steps.voting()
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert "Propose an amendment" not in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/amendments",
        data={"csrf": csrf_from(page), "text": TEXT.replace("in turn", "by lot")},
    )
    assert response.status_code == 409
    refused_at_top(response.text, "amending: voting on the motion")
    assert record_size(sqlite_sovet) == before


def test_every_version_of_the_text_is_kept_and_shown_with_its_diff(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    amendment = steps.amend("katya", motion, "in *June*", "in *July*")
    [vote] = steps.open("galina", motion)
    for who in ("galina", "katya", "ivan"):
        steps.cast(who, vote, "yes")
    steps.close("galina", vote)
    page = client.get(f"/motions/{motion.id}").text
    assert "Versions of the text (2)" in page
    version = re.search(r'<li class="version" id="version-2">.*?</li>', page, re.S)
    assert version is not None
    assert f"Amendment {amendment.id} merged" in version.group()
    assert (
        'starts in *<del><span class="visually-hidden">[removed: </span>June'
        '<span class="visually-hidden">]</span></del><ins><span class="visually-hidden">'
        '[added: </span>July<span class="visually-hidden">]</span></ins>*.'
    ) in version.group()
    assert "<p>The rota starts in <em>July</em>.</p>" in page
    assert "accepted and merged" in page
    assert "being voted on" in page  # the motion's own vote, now open on version 2


def test_comments_are_threaded_and_a_reply_sits_under_what_it_answers(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    first = client.post(
        f"/motions/{motion.id}/comments",
        data={"csrf": csrf_from(page), "text": "Night shifts are hard on **parents**."},
        follow_redirects=False,
    )
    assert first.status_code == 303
    [first_id] = re.findall(r'<li id="comment-(\d+)">', client.get(f"/motions/{motion.id}").text)
    log_in(client, "fyodor")
    page = client.get(f"/motions/{motion.id}").text
    assert f'<label for="reply-{first_id}">Your reply to Katya Volkova</label>' in page
    reply = client.post(
        f"/motions/{motion.id}/comments",
        data={"csrf": csrf_from(page), "text": "Parents can swap shifts.", "reply_to": first_id},
    )
    assert reply.status_code == 200
    assert "Comments (2)" in reply.text
    heading, _, below = reply.text.partition('<h2 id="comments">Comments (2)</h2>')
    assert "Your comment was posted." not in heading, "not out of sight at the top"
    assert below.lstrip().startswith('<div class="notice notice-done" role="status"><p>Your'), (
        "the confirmation stands where the page opens, under the comments' heading"
    )
    thread = re.search(
        rf'<li id="comment-{first_id}">.*?<ol class="comments replies">(.*?)</ol>', reply.text, re.S
    )
    assert thread is not None
    assert "Parents can swap shifts." in thread.group(1)
    assert "Night shifts are hard on <strong>parents</strong>." in reply.text


def test_an_empty_comment_or_a_reply_to_a_comment_elsewhere_is_refused(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    log_in(client, "katya")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    empty = client.post(f"/motions/{motion.id}/comments", data={"csrf": token, "text": " "})
    assert empty.status_code == 422
    assert "Your comment: must not be empty" in empty.text
    assert "text: must not be empty" not in empty.text
    stray = client.post(
        f"/motions/{motion.id}/comments", data={"csrf": token, "text": "Yes.", "reply_to": "4"}
    )
    assert stray.status_code == 404
    assert "reply_to: there is no comment 4 on this motion" in stray.text
    assert record_size(sqlite_sovet) == before


def test_a_hidden_comment_shows_who_hid_it_and_why_and_its_text_on_request(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    ivan = steps.members["ivan"]
    slip = steps.act(
        lambda store: comment(store, PostComment(motion.id, "Meant for the canteen."), actor=ivan)
    )
    log_in(client, "ivan")
    page = client.get(f"/motions/{motion.id}").text
    assert f'action="/comments/{slip.id}/hide"' in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/comments/{slip.id}/hide",
        data={"csrf": csrf_from(page), "reason": "wrong motion"},
        follow_redirects=False,
    )
    assert response.headers["location"] == (
        f"/motions/{motion.id}?done=hidden&done_on={slip.id}#comment-{slip.id}"
    )
    assert record_size(sqlite_sovet) == before + 1
    confirmed_under(
        client.get(response.headers["location"]).text,
        f"comment-{slip.id}-head",
        "The comment was hidden, with your reason.",
    )
    hidden = client.get(f"/motions/{motion.id}").text
    assert "<strong>Hidden</strong> by Ivan Popov: “wrong motion”" in hidden
    assert "Meant for the canteen." not in hidden
    assert "1 comment is hidden." in hidden
    shown = client.get(f"/motions/{motion.id}?hidden=true").text
    assert "Meant for the canteen." in shown
    assert "Hide their text again" in shown
    twice = client.post(
        f"/comments/{slip.id}/hide", data={"csrf": csrf_from(page), "reason": "again"}
    )
    assert twice.status_code == 409
    assert f"comment {slip.id} is already hidden" in twice.text
    assert record_size(sqlite_sovet) == before + 1


def test_a_member_hides_only_their_own_comments_and_shows_them_again(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    ivan, katya = steps.members["ivan"], steps.members["katya"]
    theirs = steps.act(lambda store: comment(store, PostComment(motion.id, "No."), actor=katya))
    own = steps.act(lambda store: comment(store, PostComment(motion.id, "Yes."), actor=ivan))
    log_in(client, "ivan")
    page = client.get(f"/motions/{motion.id}").text
    assert f'action="/comments/{own.id}/hide"' in page
    assert f'action="/comments/{theirs.id}/hide"' not in page
    assert "A member hides their own comments" in page
    assert "by an officer whose office the charter gives the power to moderate comments." in page
    before = record_size(sqlite_sovet)
    refused = client.post(
        f"/comments/{theirs.id}/hide", data={"csrf": csrf_from(page), "reason": "rude"}
    )
    assert refused.status_code == 403
    assert "does not give its members the power to moderate comments" in refused.text
    assert record_size(sqlite_sovet) == before
    steps.act(lambda store: hide_comment(store, HideComment(own.id, "wrong motion"), actor=ivan))
    page = client.get(f"/motions/{motion.id}").text
    assert f'action="/comments/{own.id}/show"' in page
    assert "Show the comment again</button>" in page
    response = client.post(
        f"/comments/{own.id}/show", data={"csrf": csrf_from(page)}, follow_redirects=False
    )
    assert response.headers["location"] == (
        f"/motions/{motion.id}?done=shown&done_on={own.id}#comment-{own.id}"
    )
    again = client.get(response.headers["location"]).text
    confirmed_under(again, f"comment-{own.id}-head", "The comment is shown again in its place.")
    assert "Yes." in again and "<strong>Hidden</strong>" not in again
    assert record_size(sqlite_sovet) == before + 2
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    token = csrf_from(page)
    steps.act(lambda store: hide_comment(store, HideComment(own.id, "again"), actor=ivan))
    assert f'action="/comments/{own.id}/show"' not in client.get(f"/motions/{motion.id}").text
    other = client.post(f"/comments/{own.id}/show", data={"csrf": token})
    assert other.status_code == 403
    unhidden = client.post(f"/comments/{theirs.id}/show", data={"csrf": token})
    assert unhidden.status_code == 409
    assert f"comment {theirs.id} is not hidden" in unhidden.text
    missing = client.post("/comments/99999/show", data={"csrf": token})
    assert missing.status_code == 404


def test_hiding_needs_a_reason_and_standing_in_the_council(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    ivan = steps.members["ivan"]
    said = steps.act(lambda store: comment(store, PostComment(motion.id, "I agree."), actor=ivan))
    log_in(client, "clara")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    outsider = client.post(f"/comments/{said.id}/hide", data={"csrf": token, "reason": "no"})
    assert outsider.status_code == 403
    log_in(client, "ivan")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    silent = client.post(f"/comments/{said.id}/hide", data={"csrf": token, "reason": ""})
    assert silent.status_code == 422
    assert "reason: must not be empty" in silent.text
    missing = client.post("/comments/99999/hide", data={"csrf": token, "reason": "spam"})
    assert missing.status_code == 404
    assert record_size(sqlite_sovet) == before


def test_a_comment_hidden_through_the_use_case_keeps_replies_readable(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    katya, fyodor = (steps.members[w] for w in ("katya", "fyodor"))
    first = steps.act(
        lambda store: comment(store, PostComment(motion.id, "Rude words"), actor=katya)
    )
    steps.act(
        lambda store: comment(
            store, PostComment(motion.id, "Please be civil.", reply_to=first.id), actor=fyodor
        )
    )
    steps.act(lambda store: hide_comment(store, HideComment(first.id, "sorry"), actor=katya))
    page = client.get(f"/motions/{motion.id}").text
    assert "Rude words" not in page
    assert "Please be civil." in page


def test_a_comment_about_an_amendment_says_which_and_one_about_the_motion_does_not(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    amendment = steps.amend("katya", motion, "in turn", "by lot")
    log_in(client, "ivan")
    page = client.get(f"/motions/{motion.id}").text
    assert f'<option value="{amendment.id}">amendment {amendment.id}</option>' in page
    token = csrf_from(page)
    general = client.post(
        f"/motions/{motion.id}/comments", data={"csrf": token, "text": "Fine.", "about": ""}
    )
    assert general.status_code == 200
    assert "on <a href=" not in general.text
    about = client.post(
        f"/motions/{motion.id}/comments",
        data={"csrf": token, "text": "Lots are fairer.", "about": str(amendment.id)},
    )
    assert about.status_code == 200
    assert f'on <a href="#amendment-{amendment.id}">amendment {amendment.id}</a>' in about.text


def test_a_refused_comment_comes_back_in_its_box_with_the_reason_beside_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    amendment = steps.amend("katya", motion, "in turn", "by lot")
    log_in(client, "katya")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    long = "Night shifts. " * 900
    response = client.post(
        f"/motions/{motion.id}/comments",
        data={"csrf": token, "text": long, "about": str(amendment.id)},
    )
    assert response.status_code == 422
    reason = f"Your comment: at most 10000 characters, not {len(long.strip())}"
    assert (
        f'<p class="field-refusal" id="comment-text-refusal"><strong>Refused:</strong> {reason}</p>'
        in response.text
    )
    assert (
        '<textarea id="comment-text" name="text" rows="4" required maxlength="10000" '
        f'aria-invalid="true" aria-describedby="comment-text-refusal" autofocus>{long}</textarea>'
    ) in response.text
    assert f'<option value="{amendment.id}" selected>' in response.text
    assert REFUSED_AT_TOP not in response.text, "the reason stands beside the form, not at the top"


def test_a_refused_reply_comes_back_in_its_own_open_box_with_the_text_kept(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("galina")
    katya = steps.members["katya"]
    said = steps.act(
        lambda store: comment(store, PostComment(motion.id, "Who minds the kids?"), actor=katya)
    )
    log_in(client, "fyodor")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    long = "We share it. " * 970
    response = client.post(
        f"/motions/{motion.id}/comments",
        data={"csrf": token, "text": long, "reply_to": str(said.id)},
    )
    assert response.status_code == 422
    assert record_size(sqlite_sovet) == before
    box = re.search(r"<details open>\s*<summary>Reply</summary>.*?</details>", response.text, re.S)
    assert box is not None, "the reply's box is not open"
    assert (
        f'<p class="field-refusal" id="reply-{said.id}-refusal"><strong>Refused:</strong> '
        f"Your reply: at most 10000 characters, not {len(long.strip())}</p>"
    ) in box.group()
    assert (
        f'<textarea id="reply-{said.id}" name="text" rows="3" required maxlength="10000" '
        f'aria-invalid="true" aria-describedby="reply-{said.id}-refusal" autofocus>{long}</textarea>'
    ) in box.group()
    assert (
        '<textarea id="comment-text" name="text" rows="4" required maxlength="10000"></textarea>'
        in (response.text)
    )
