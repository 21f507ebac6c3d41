"""Word-level diffs for the pages: what an amendment or a new version changes, marked as
insertions and deletions (the templates render them as ``<ins>`` and ``<del>``, with
words for screen readers and marks that do not rely on colour).

Long stretches left unchanged are shortened to their ends next to a change, so that a
one-word amendment to a long motion reads as that word in its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

PieceKind = Literal["same", "added", "removed", "gap"]
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
CONTEXT = 160
"""Characters of unchanged text kept on each side of a change."""


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str


def inline_diff(old: str, new: str, *, context: int = CONTEXT) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``, word by word; unchanged stretches longer
    than twice ``context`` are cut to ``context`` characters at each end, with a gap."""
    before, after = TOKEN.findall(old), TOKEN.findall(new)
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[Piece] = []
    for same, removed, added in _changes(matcher, before, after):
        _add(pieces, "same", same)
        _add(pieces, "removed", removed)
        _add(pieces, "added", added)
    return _shortened(pieces, context)


def _changes(
    matcher: SequenceMatcher[str], before: list[str], after: list[str]
) -> list[tuple[str, str, str]]:
    """(unchanged, removed, added) text, in order. Whitespace alone between two changes
    joins them, so that "in turn" replaced by "by lot" reads as one change."""
    opcodes = matcher.get_opcodes()
    changes: list[tuple[str, str, str]] = []
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        between = 0 < number < len(opcodes) - 1
        if tag == "equal" and not (between and not removed.strip()):
            changes.append((removed, "", ""))
            continue
        if tag == "equal":
            added = removed
        if changes and not changes[-1][0]:
            _, was_removed, was_added = changes.pop()
            removed, added = was_removed + removed, was_added + added
        changes.append(("", removed, added))
    return changes


def changed(pieces: list[Piece]) -> bool:
    return any(piece.kind in ("added", "removed") for piece in pieces)


def _add(pieces: list[Piece], kind: PieceKind, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def _shortened(pieces: list[Piece], context: int) -> list[Piece]:
    if not changed(pieces):
        return pieces
    shortened: list[Piece] = []
    last = len(pieces) - 1
    for number, piece in enumerate(pieces):
        if piece.kind != "same" or len(piece.text) <= 2 * context:
            shortened.append(piece)
            continue
        head = "" if number == 0 else _cut_after(piece.text[:context])
        tail = "" if number == last else _cut_before(piece.text[-context:])
        if head:
            shortened.append(Piece("same", head))
        shortened.append(Piece("gap", "…"))
        if tail:
            shortened.append(Piece("same", tail))
    return shortened


def _cut_after(text: str) -> str:
    """``text`` up to its last whitespace, so that no word is cut in half."""
    cut = max(text.rfind(" "), text.rfind("\n"))
    return text if cut <= 0 else text[: cut + 1]


def _cut_before(text: str) -> str:
    """``text`` from its first whitespace on, so that no word is cut in half."""
    cut = min((i for i in (text.find(" "), text.find("\n")) if i >= 0), default=-1)
    return text if cut < 0 else text[cut:]
