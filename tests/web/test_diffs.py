"""Word-level diffs of a motion's versions and amendments, as the pages mark them."""

from __future__ import annotations

from sovet.web.diffs import Piece, changed, inline_diff


def test_a_replaced_phrase_reads_as_one_deletion_and_one_insertion() -> None:
    assert inline_diff("We work in turn.", "We work by lot.") == [
        Piece("same", "We work "),
        Piece("removed", "in turn"),
        Piece("added", "by lot"),
        Piece("same", "."),
    ]


def test_changes_apart_stay_apart_and_only_words_that_changed_are_marked() -> None:
    assert inline_diff("a b c d", "a x c y") == [
        Piece("same", "a "),
        Piece("removed", "b"),
        Piece("added", "x"),
        Piece("same", " c "),
        Piece("removed", "d"),
        Piece("added", "y"),
    ]


def test_an_insertion_and_a_deletion_need_nothing_on_the_other_side() -> None:
    assert inline_diff("one two", "one new two") == [
        Piece("same", "one "),
        Piece("added", "new "),
        Piece("same", "two"),
    ]
    assert inline_diff("one old two", "one two") == [
        Piece("same", "one "),
        Piece("removed", "old "),
        Piece("same", "two"),
    ]


def test_an_unchanged_text_is_one_piece_with_no_change() -> None:
    pieces = inline_diff("Same text.\n\nTwice.", "Same text.\n\nTwice.")
    assert pieces == [Piece("same", "Same text.\n\nTwice.")]
    assert not changed(pieces)


def test_long_unchanged_stretches_are_cut_to_whole_words_next_to_the_change() -> None:
    before = " ".join(f"w{n}" for n in range(200))
    after = before.replace("w100", "changed")
    pieces = inline_diff(before, after, context=30)
    kinds = [p.kind for p in pieces]
    assert kinds == ["gap", "same", "removed", "added", "same", "gap"]
    lead, trail = pieces[1].text, pieces[4].text
    assert len(lead) <= 30 and lead.endswith("w99 ") and lead.startswith(" w")
    assert len(trail) <= 30 and trail.startswith(" w101") and trail.endswith(" ")
    assert (pieces[2].text, pieces[3].text) == ("w100", "changed")
