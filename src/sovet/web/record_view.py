"""The record as the pages show it: entries in words, and inclusion proofs to check."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from sovet.adapters.record_names import RecordNames, Wanted
from sovet.domain.charter import change_words, rule_words
from sovet.record.checkpoint import Checkpoint, verify_checkpoint
from sovet.record.entry import Entry
from sovet.record.merkle import MerkleTree, verify_inclusion
from sovet.record.standing import SELF, Standing, parse_standing
from sovet.services.recall import ended_words

REFERENCES: dict[str, str] = {
    "member": "members",
    "council": "councils",
    "constituent": "councils",
    "constituency": "councils",
    "on_behalf_of": "councils",
    "motion": "motions",
    "by_motion": "motions",
    "origin": "motions",
    "consults": "motions",
    "overturns": "motions",
    "on": "motions",
    "vote": "votes",
    "election": "elections",
    "period": "periods",
    "faction": "factions",
    "comment": "comments",
    "reply_to": "comments",
    "amendment": "amendments",
    "referendum": "referendums",
    "instruction": "instructions",
    "against_instruction": "instructions",
    "mandate": "mandates",
    "via": "mandates",
}
"""What each payload field that holds an id refers to: a field of ``Wanted``."""


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Sentence:
    """Words with links: plain text as ``str``, HTML (escaped, with links) in a page."""

    parts: tuple[str | Link, ...]

    def __str__(self) -> str:
        return "".join(part if isinstance(part, str) else part.text for part in self.parts)

    def __html__(self) -> Markup:
        return Markup("").join(
            escape(part)
            if isinstance(part, str)
            else Markup('<a href="{}">{}</a>').format(part.href, part.text)
            for part in self.parts
        )

    @property
    def links(self) -> list[Link]:
        return [part for part in self.parts if isinstance(part, Link)]


def say(*words: str | Link | Sentence) -> Sentence:
    parts: list[str | Link] = []
    for word in words:
        parts.extend(word.parts if isinstance(word, Sentence) else (word,))
    return Sentence(tuple(parts))


def _id(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def wanted(entries: Iterable[Entry]) -> Wanted:
    """Every id that ``entries`` refer to, as actor, standing or in their payloads."""
    ids = Wanted()

    def want(field: str, value: Any) -> None:
        if (found := _id(value)) is not None:
            getattr(ids, field).add(found)

    for entry in entries:
        want("members", entry.actor)
        match parse_standing(entry.under):
            case Standing("membership", council):
                want("councils", council)
            case Standing("mandate" | "office", mandate):
                want("mandates", mandate)
        for key, value in entry.payload.items():
            if key in REFERENCES:
                want(REFERENCES[key], value)
            elif isinstance(value, dict):
                for inner, held in value.items():
                    if inner in REFERENCES:
                        want(REFERENCES[inner], held)
        for place in _list(entry.payload.get("places")):
            if isinstance(place, list) and place:
                want("members", place[0])
    return ids


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _day(stamp: Any) -> str:
    return str(stamp)[:10]


def _minute(stamp: Any) -> str:
    """A record timestamp to the minute, as a vote of hours needs: ``2026-05-01 09:00 UTC``."""
    day, _, clock = str(stamp).partition("T")
    return f"{day} {clock[:5]} UTC" if clock else day


def _plural(count: Any, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Names:
    """The names of what entries refer to by id, as words with links to their pages."""

    known: RecordNames

    def member(self, member_id: Any) -> str | Link:
        found = _id(member_id)
        name = self.known.members.get(found) if found is not None else None
        if name is None:
            return f"member {member_id}"
        return Link(name, f"/members/{found}")

    def council(self, council_id: Any) -> str | Link:
        found = _id(council_id)
        council = self.known.councils.get(found) if found is not None else None
        if council is None:
            return f"council {council_id}"
        return Link(council.name, f"/councils/{council.slug}")

    def motion(self, motion_id: Any) -> Sentence:
        """The motion's title, linked, and its council."""
        found = _id(motion_id)
        motion = self.known.motions.get(found) if found is not None else None
        if motion is None:
            if found is None:
                return say(f"motion {motion_id}")
            return say(Link(f"motion {found}", f"/motions/{found}"))
        title = Link(f"“{motion.title}”", f"/motions/{motion.id}")
        return say(title, " (", self.council(motion.council_id), ")")

    def vote(self, vote_id: Any) -> Sentence:
        """What the vote decides: a motion, an amendment to it, or a referendum on it."""
        found = _id(vote_id)
        vote = self.known.votes.get(found) if found is not None else None
        if vote is None:
            return say(f"vote {vote_id}")
        what = {"amendment": "an amendment to ", "referendum": "the referendum on "}
        return say(what.get(vote.subject, ""), self.motion(vote.motion_id))

    def election(self, election_id: Any) -> Sentence:
        found = _id(election_id)
        election = self.known.elections.get(found) if found is not None else None
        if election is None:
            return say(f"election {election_id}")
        href = f"/elections/{election.id}"
        if election.office is not None:
            return say(
                Link(f"the election of the {election.office}", href),
                " of ",
                self.council(election.council_id),
            )
        return say(
            Link("the election", href),
            " of the seats of ",
            self.council(election.constituency_id),
            " in ",
            self.council(election.council_id),
        )

    def period(self, period_id: Any) -> str | Link:
        found = _id(period_id)
        name = self.known.periods.get(found) if found is not None else None
        if name is None:
            return f"planning period {period_id}"
        return Link(f"planning period {name}", f"/planning/{found}")

    def faction(self, faction_id: Any) -> str | Link:
        found = _id(faction_id)
        name = self.known.factions.get(found) if found is not None else None
        if name is None:
            return f"faction {faction_id}"
        return Link(name, f"/factions/{found}")

    def on_motion(self, field: str, item_id: Any, noun: str, anchor: str) -> Sentence:
        """A comment, amendment, referendum or instruction, linked where it is shown."""
        found = _id(item_id)
        motion = getattr(self.known, field).get(found) if found is not None else None
        if motion is None:
            return say(f"{noun} {item_id}")
        href = f"/motions/{motion}#{anchor}-{found}" if anchor else f"/motions/{motion}"
        return say(Link(noun, href), " on ", self.motion(motion))

    def mandate(self, mandate_id: Any) -> Sentence:
        found = _id(mandate_id)
        mandate = self.known.mandates.get(found) if found is not None else None
        if mandate is None:
            return say(f"mandate {mandate_id}")
        held = f"'s office of {mandate.office} of " if mandate.office else "'s seat in "
        return say(self.member(mandate.member_id), held, self.council(mandate.council_id))

    def standing(self, under: str) -> Sentence:
        """The standing an act was done under (``record.standing``), in words: a
        membership as "as a member of" its council, a seat's mandate as "as delegate of"
        its constituency "to" its council, an office as "as the" office "of" its council."""
        match parse_standing(under):
            case Standing(form, None) if form == SELF:
                return say("in their own name")
            case Standing("membership", council):
                return say("as a member of ", self.council(council))
            case Standing("mandate" | "office" as form, int(held)):
                mandate = self.known.mandates.get(held)
                if mandate is None:
                    return say(f"as the holder of {form} {held}")
                if mandate.office is not None:
                    return say(f"as the {mandate.office} of ", self.council(mandate.council_id))
                return say(
                    "as delegate of ",
                    self.council(mandate.constituency_id),
                    " to ",
                    self.council(mandate.council_id),
                )
        return say(f"under “{under}”")

    def reference(self, field: str, item_id: Any) -> str | Link | Sentence:
        """Whatever ``field`` of ``Wanted`` names, in words."""
        match field:
            case "members":
                return self.member(item_id)
            case "councils":
                return self.council(item_id)
            case "motions":
                return self.motion(item_id)
            case "votes":
                vote = self.known.votes.get(item_id)
                if vote is None:
                    return self.vote(item_id)
                return say(
                    Link("the vote", f"/motions/{vote.motion_id}#vote-{item_id}"),
                    " on ",
                    self.vote(item_id),
                )
            case "elections":
                return self.election(item_id)
            case "periods":
                return self.period(item_id)
            case "factions":
                return self.faction(item_id)
            case "comments":
                return self.on_motion("comments", item_id, "a comment", "comment")
            case "amendments":
                return self.on_motion("amendments", item_id, "an amendment", "amendment")
            case "referendums":
                return self.on_motion("referendums", item_id, "a referendum", "")
            case "instructions":
                return self.on_motion("instructions", item_id, "an instruction", "")
            case _:
                return self.mandate(item_id)


def references(entry: Entry, names: Names) -> list[tuple[str, Sentence]]:
    """Each field of the entry's payload that refers to something by id, named."""
    return [
        (f"payload.{key}", say(names.reference(REFERENCES[key], value)))
        for key, value in entry.payload.items()
        if key in REFERENCES and _id(value) is not None
    ]


Describe = Callable[[Entry, Names, Mapping[str, Any]], Sentence]


def _seats(count: Any) -> str:
    return _plural(count, "seat", "seats")


def _title(position: int, p: Mapping[str, Any]) -> Link:
    return Link(f"“{p.get('title')}”", f"/motions/{position}")


def _registered(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(Link(str(p.get("name")), f"/members/{e.position}"), " registered as a member")


def _founded(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    where = f" at {p['workplace']}" if p.get("workplace") else ""
    name = Link(str(p.get("name")), f"/councils/{p.get('slug')}")
    return say(name, f" founded as a {p.get('kind')} council{where}")


def _admitted(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(p.get("member")), " admitted to ", n.council(p.get("council")))


def _expelled(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    grounds = str(p.get("grounds")).replace("_", " ")
    return say(
        n.member(p.get("member")),
        " expelled from ",
        n.council(p.get("council")),
        f" by its decision (grounds: {grounds})",
    )


def _member_left(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(p.get("member")), " left ", n.council(p.get("council")))


def _joining(verb: str, after: str = "") -> Describe:
    """A constituent council that ``verb`` a delegate council, with its seats."""

    def describe(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
        return say(
            n.council(p.get("constituent")),
            f" {verb} ",
            n.council(p.get("council")),
            f" with {_seats(p.get('seats'))}{after}",
        )

    return describe


def _overturned(n: Names, p: Mapping[str, Any]) -> Sentence:
    return say("the referendum overturned the decision on ", n.motion(p.get("motion")))


def _council_left(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.council(p.get("constituent")),
        " left ",
        n.council(p.get("council")),
        " and its seats there: ",
        _overturned(n, p),
        " that admitted it",
    )


def _term(p: Mapping[str, Any]) -> str:
    return f", {p.get('starts')} to {p.get('ends')}"


def _assigned(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.member(p.get("member")),
        f" takes seat {p.get('seat')} of ",
        n.council(p.get("constituency")),
        " in ",
        n.council(p.get("council")),
        _term(p),
    )


def _motion_filed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    behalf = p.get("on_behalf_of")
    for_whom = () if behalf is None else (" on behalf of ", n.council(behalf))
    return say(
        n.member(e.actor),
        f" filed the {str(p.get('kind')).replace('_', ' ')} motion ",
        _title(e.position, p),
        " in ",
        n.council(p.get("council")),
        *for_whom,
    )


def _motion_supported(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(e.actor), " supported ", n.motion(p.get("motion")))


def _motion_scheduled(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.motion(p.get("motion")),
        f" put on the agenda, to be voted on from {_day(p.get('due'))}",
    )


def _motion_lapsed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.motion(p.get("motion")), f" lapsed: {p.get('reason')}")


def _secret_ballot_requested(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(e.actor), " asked for a secret ballot on ", n.motion(p.get("motion")))


def _amendment(e: Entry, n: Names, p: Mapping[str, Any], amendment: Any) -> Link:
    return Link("an amendment", f"/motions/{p.get('motion')}#amendment-{amendment}")


def _amendment_proposed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.member(e.actor),
        " proposed ",
        _amendment(e, n, p, e.position),
        " to ",
        n.motion(p.get("motion")),
    )


def _vote_opened(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    what = {"amendment": "an amendment to ", "referendum": "the referendum on "}
    how = "by secret ballot" if p.get("secret") else "by open vote"
    return say(
        Link("voting opened", f"/motions/{p.get('motion')}#vote-{e.position}"),
        " on ",
        what.get(str(p.get("subject")), ""),
        n.motion(p.get("motion")),
        f", {how}, {_plural(p.get('eligible'), 'voter', 'voters')}, until {_minute(p.get('closes'))}",
    )


def _vote_cast(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    """A secret ballot's entry holds no choice, and neither does its sentence."""
    if p.get("secret"):
        return say(n.member(e.actor), " cast a secret ballot on ", n.vote(p.get("vote")))
    choice = p.get("choice")
    voted = "abstained" if choice == "abstain" else f"voted {choice}"
    against = ", against their constituency's instruction" if p.get("against_instruction") else ""
    return say(n.member(e.actor), f" {voted} on ", n.vote(p.get("vote")), against)


def _vote_closed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    result = "passed" if p.get("passed") else "not passed"
    tally = f"{p.get('yes')} yes, {p.get('no')} no, {p.get('abstain')} abstaining"
    quorum = "" if p.get("quorum_met") else ", quorum not met"
    reason = f" ({p['reason']})" if p.get("reason") else ""
    ballots = _list(p.get("ballots"))
    published = (
        f"; {_plural(len(ballots), 'secret ballot', 'secret ballots')} published by receipt"
        if ballots
        else ""
    )
    return say(
        "the vote on ",
        n.vote(p.get("vote")),
        f" closed: {result}{reason}, {tally}{quorum}{published}",
    )


def _motion_amended(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.motion(p.get("motion")),
        " amended by ",
        _amendment(e, n, p, p.get("amendment")),
        f": version {p.get('version')}",
    )


def _amendment_lapsed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        _amendment(e, n, p, p.get("amendment")),
        " to ",
        n.motion(p.get("motion")),
        " lapsed: it could no longer be merged into the text",
    )


def _charter_amended(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        "the charter of ",
        n.council(p.get("council")),
        " amended by the decision on ",
        n.motion(p.get("motion")),
    )


def _charter_restored(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    """The rules restored, each with the value it is restored to."""
    charter = p.get("charter")
    values = charter if isinstance(charter, dict) else {}
    rules = "; ".join(
        change_words(str(rule), values[rule]) if rule in values else rule_words(str(rule))
        for rule in _list(p.get("restored"))
    )
    return say(
        "the charter of ",
        n.council(p.get("council")),
        f" restored ({rules}): ",
        _overturned(n, p),
    )


def _comment_posted(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    verb = "replied to a comment" if p.get("reply_to") is not None else "commented"
    on = "an amendment to " if p.get("amendment") is not None else ""
    link = Link(verb, f"/motions/{p.get('motion')}#comment-{e.position}")
    return say(n.member(e.actor), " ", link, f" on {on}", n.motion(p.get("motion")))


def _comment(n: Names, p: Mapping[str, Any]) -> Sentence:
    return n.on_motion("comments", p.get("comment"), "a comment", "comment")


def _comment_hidden(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(_comment(n, p), f" hidden: “{p.get('reason')}”")


def _comment_shown(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(_comment(n, p), " shown again")


def _minority_report(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    report = Link("a minority report", f"/motions/{p.get('motion')}#report-{e.position}")
    return say(
        n.member(e.actor), " attached ", report, " to the decision on ", n.motion(p.get("motion"))
    )


def _forwarded(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        "the decision on ",
        n.motion(p.get("origin")),
        " forwarded to ",
        n.council(p.get("council")),
        " as the motion ",
        _title(e.position, p),
    )


def _consultation(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.council(p.get("council")),
        " consulted on ",
        n.motion(p.get("consults")),
        " by the motion ",
        _title(e.position, p),
        f", due {_day(p.get('due'))}",
    )


def _instruction_issued(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.council(p.get("council")),
        f" instructed its delegates to vote {p.get('choice')} on ",
        n.motion(p.get("motion")),
        ", by the decision on ",
        n.motion(p.get("by_motion")),
    )


def _instruction_withdrawn(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.council(p.get("council")),
        "'s instruction on ",
        n.motion(p.get("on")),
        " withdrawn: ",
        _overturned(n, p),
    )


def _referendum_petitioned(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.member(e.actor),
        " called for a referendum on the decision on ",
        n.motion(p.get("motion")),
    )


def _referendum_signed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    referendum = n.on_motion("referendums", p.get("referendum"), "a referendum", "")
    return say(n.member(e.actor), " signed the call for ", referendum)


def _faction_formed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    name = Link(str(p.get("name")), f"/factions/{e.position}")
    return say(n.member(e.actor), " formed the faction ", name)


def _faction_joined(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(e.actor), " joined the faction ", n.faction(p.get("faction")))


def _faction_left(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(e.actor), " left the faction ", n.faction(p.get("faction")))


def _faction_statement(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    statement = Link("a statement", f"/factions/{p.get('faction')}#statement-{e.position}")
    motion = p.get("motion")
    on = () if motion is None else (" on ", n.motion(motion))
    return say("the faction ", n.faction(p.get("faction")), " published ", statement, *on)


def _books(n: Names, p: Mapping[str, Any]) -> Sentence:
    council = n.council(p.get("council"))
    if isinstance(council, Link):
        return say(council, "'s ", Link("books", f"{council.href}/books"))
    return say(council, "'s books")


def _product_added(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    product = Link(f"{p.get('name')} ({p.get('code')}, in {p.get('unit')})", "/products")
    return say(n.council(p.get("council")), " added the product ", product, " to the catalogue")


def _process(verb: str) -> Describe:
    def described(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
        process = p.get("process")
        code = process.get("code") if isinstance(process, dict) else p.get("code")
        return say(f"process {code} {verb} in ", _books(n, p))

    return described


def _stock_recorded(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    stock = p.get("stock")
    held = (
        f"{stock.get('quantity')} {stock.get('unit')} of {stock.get('product')}"
        if isinstance(stock, dict)
        else "a stock"
    )
    return say(f"stock of {held} recorded in ", _books(n, p))


def _output_recorded(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    flows = _plural(len(_list(p.get("flows"))), "figure", "figures")
    return say(f"output and use for {p.get('period')} ({flows}) recorded in ", _books(n, p))


def _books_imported(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    motion = p.get("motion")
    how = " by an import" if motion is None else say(" by the decision on ", n.motion(motion))
    return say(_books(n, p), " replaced", how)


def _demand_adopted(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    targets = _plural(len(_list(p.get("targets"))), "target", "targets")
    return say(
        n.council(p.get("council")),
        f" adopted its demand for {p.get('period')} ({targets}) by the decision on ",
        n.motion(p.get("motion")),
    )


def _demand_withdrawn(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.council(p.get("council")),
        f"'s demand for {p.get('period')} withdrawn: ",
        _overturned(n, p),
    )


def _period_opened(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    period = Link(f"planning period {p.get('name')}", f"/planning/{e.position}")
    return say(
        n.council(p.get("council")),
        " opened the ",
        period,
        f", proposals due {_day(p.get('proposals_due'))}",
    )


def _round(p: Mapping[str, Any], n: Names) -> Sentence:
    return say(f"round {p.get('round')} of ", n.period(p.get("period")))


def _plan_proposed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    processes = _plural(len(_list(p.get("processes"))), "process", "processes")
    return say(n.council(p.get("council")), f" proposed its plan ({processes}) for ", _round(p, n))


def _targets_filed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    targets = _plural(len(_list(p.get("targets"))), "target", "targets")
    return say(n.council(p.get("council")), f" filed {targets} for ", _round(p, n))


def _round_published(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    balanced = "balanced" if p.get("balanced") else "not balanced"
    return say(_round(p, n), f" published: {balanced}, at scale {p.get('scale')}")


def _plan_adopted(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    parts = _plural(len(_list(p.get("parts"))), "workplace's part", "workplaces' parts")
    return say(
        "the plan of ",
        _round(p, n),
        " adopted by the decision on ",
        n.motion(p.get("motion")),
        f"; {parts} sent to them",
    )


def _part(n: Names, p: Mapping[str, Any]) -> Sentence:
    council = n.council(p.get("council"))
    period = n.period(p.get("period"))
    if isinstance(council, Link) and isinstance(period, Link):
        slug = council.href.rsplit("/", 1)[-1]
        part = Link("its part of the plan", f"{period.href}/parts/{slug}")
        return say(council, " ", part, " for ", period)
    return say(council, " its part of the plan for ", period)


def _part_accepted(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    council, *rest = _part(n, p).parts
    return say(
        council,
        " accepted",
        Sentence(tuple(rest)),
        " by the decision on ",
        n.motion(p.get("motion")),
    )


def _part_returned(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    council, *rest = _part(n, p).parts
    then = "a further round opens" if p.get("period_state") == "open" else "the period closes"
    return say(
        council,
        " returned",
        Sentence(tuple(rest)),
        " by the decision on ",
        n.motion(p.get("motion")),
        f": {then}",
    )


def _plan_overturned(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    lapsed = _plural(len(_list(p.get("lapsed"))), "part", "parts")
    released = _plural(len(_list(p.get("released"))), "workplace", "workplaces")
    return say(
        "the plan for ",
        n.period(p.get("period")),
        " overturned: ",
        _overturned(n, p),
        f"; {lapsed} not yet answered lapsed, {released} released from their part",
    )


def _overturn_left(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(_overturned(n, p), f", but what it did stays: {p.get('reason')}")


def _seats_election(word: str) -> Describe:
    def described(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
        return say(
            Link(f"{word} opened", f"/elections/{e.position}"),
            f" for {_seats(p.get('seats'))} of ",
            n.council(p.get("constituency")),
            " in ",
            n.council(p.get("council")),
            f", term from {p.get('term_starts')}",
        )

    return described


def _office_election(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    word = "by-election" if p.get("by_election") else "election"
    return say(
        Link(f"{word} opened", f"/elections/{e.position}"),
        f" for the office of {p.get('office')} of ",
        n.council(p.get("council")),
        f", term from {p.get('term_starts')}",
    )


def _nominated(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    member = p.get("member")
    by = () if member == e.actor else (" by ", n.member(e.actor))
    consent = "" if p.get("consented") else ", awaiting their consent"
    return say(n.member(member), " nominated", *by, " in ", n.election(p.get("election")), consent)


def _consented(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(e.actor), " consented to stand in ", n.election(p.get("election")))


def _candidate_statement(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    statement = Link("a statement", f"/elections/{p.get('election')}#candidate-{e.actor}")
    return say(
        n.member(e.actor),
        " published ",
        statement,
        " as a candidate in ",
        n.election(p.get("election")),
    )


def _voting_opened(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    candidates = _plural(len(_list(p.get("candidates"))), "candidate", "candidates")
    electors = _plural(p.get("eligible"), "elector", "electors")
    return say("voting opened in ", n.election(p.get("election")), f": {candidates}, {electors}")


def _election_lapsed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.election(p.get("election")), f" lapsed: {p.get('reason')}")


def _ranked_ballot(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(n.member(e.actor), " cast a secret ranked ballot in ", n.election(p.get("election")))


def _election_closed(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    ballots = _plural(len(_list(p.get("ballots"))), "ballot", "ballots")
    return say(n.election(p.get("election")), f" closed: {ballots} published by receipt")


def _counted(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    elected: list[str | Link | Sentence] = []
    for place in _list(p.get("places")):
        if isinstance(place, list) and len(place) == 3 and place[2] == "elected":
            elected += [", " if elected else "", n.member(place[0])]
    who = say(": ", *elected, " elected") if elected else say("")
    return say(
        n.election(p.get("election")),
        " counted",
        who,
        f"; ties by lot from seed {p.get('seed')}",
    )


def _elected(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.member(p.get("member")),
        f" elected to seat {p.get('seat')} of ",
        n.council(p.get("constituency")),
        " in ",
        n.council(p.get("council")),
        _term(p),
    )


def _office_elected(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.member(p.get("member")),
        f" elected to the office of {p.get('office')} of ",
        n.council(p.get("council")),
        _term(p),
    )


def _office_filled(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    return say(
        n.member(p.get("member")),
        f" takes the office of {p.get('office')} of ",
        n.council(p.get("council")),
        _term(p),
    )


def _mandate_ended(e: Entry, n: Names, p: Mapping[str, Any]) -> Sentence:
    successor = p.get("successor")
    if isinstance(successor, dict):
        then = say("; the substitute ", n.member(successor.get("member")), " takes the seat")
    elif p.get("successor"):
        then = say("; a substitute takes the seat")
    else:
        then = say("; the seat is vacant: a by-election is due")
    return say(n.mandate(p.get("mandate")), f" ended ({ended_words(str(p.get('reason')))})", then)


DESCRIPTIONS: dict[str, Describe] = {
    "member.registered": _registered,
    "council.founded": _founded,
    "member.admitted": _admitted,
    "member.expelled": _expelled,
    "member.left": _member_left,
    "council.joined": _joining("joined"),
    "council.rejoined": _joining("rejoined"),
    "council.join_requested": _joining("asked to join", ", awaiting its decision"),
    "council.left": _council_left,
    "mandate.assigned": _assigned,
    "motion.filed": _motion_filed,
    "motion.supported": _motion_supported,
    "motion.scheduled": _motion_scheduled,
    "motion.lapsed": _motion_lapsed,
    "secret_ballot.requested": _secret_ballot_requested,
    "amendment.proposed": _amendment_proposed,
    "vote.opened": _vote_opened,
    "vote.cast": _vote_cast,
    "vote.closed": _vote_closed,
    "motion.amended": _motion_amended,
    "amendment.lapsed": _amendment_lapsed,
    "charter.amended": _charter_amended,
    "charter.restored": _charter_restored,
    "comment.posted": _comment_posted,
    "comment.hidden": _comment_hidden,
    "comment.shown": _comment_shown,
    "minority_report.attached": _minority_report,
    "motion.forwarded": _forwarded,
    "consultation.opened": _consultation,
    "instruction.issued": _instruction_issued,
    "instruction.withdrawn": _instruction_withdrawn,
    "referendum.petitioned": _referendum_petitioned,
    "referendum.signed": _referendum_signed,
    "faction.formed": _faction_formed,
    "faction.joined": _faction_joined,
    "faction.left": _faction_left,
    "faction.statement_published": _faction_statement,
    "product.added": _product_added,
    "process.recorded": _process("recorded"),
    "process.revised": _process("revised"),
    "process.retired": _process("retired"),
    "stock.recorded": _stock_recorded,
    "output.recorded": _output_recorded,
    "books.imported": _books_imported,
    "demand.adopted": _demand_adopted,
    "demand.withdrawn": _demand_withdrawn,
    "planning_period.opened": _period_opened,
    "plan.proposed": _plan_proposed,
    "plan.targets_filed": _targets_filed,
    "plan.round_published": _round_published,
    "plan.adopted": _plan_adopted,
    "plan_part.accepted": _part_accepted,
    "plan_part.returned": _part_returned,
    "plan.overturned": _plan_overturned,
    "overturn.left": _overturn_left,
    "election.opened": _seats_election("election"),
    "by_election.opened": _seats_election("by-election"),
    "office_election.opened": _office_election,
    "candidate.nominated": _nominated,
    "candidate.consented": _consented,
    "candidate.statement_published": _candidate_statement,
    "election.voting_opened": _voting_opened,
    "election.lapsed": _election_lapsed,
    "election.ballot_cast": _ranked_ballot,
    "election.closed": _election_closed,
    "election.counted": _counted,
    "mandate.elected": _elected,
    "office.elected": _office_elected,
    "office.filled": _office_filled,
    "mandate.ended": _mandate_ended,
}
"""How each kind of entry reads, retired kinds too: old records stay readable."""


def describe(entry: Entry, names: Names) -> Sentence:
    """What the entry did, in the words of the glossary, with links to what it names."""
    described = DESCRIPTIONS.get(entry.kind)
    if described is None:
        return say(f"{entry.kind} (version {entry.version})")
    return described(entry, names, entry.payload)


@dataclass(frozen=True)
class InclusionProof:
    """That the entry at ``index`` is in the tree whose root ``checkpoint`` signs."""

    index: int
    leaf: bytes
    path: list[bytes]
    checkpoint: Checkpoint
    signature_valid: bool
    holds: bool
    """The server's own check of ``path`` against the signed root."""

    @property
    def root_b64(self) -> str:
        return base64.b64encode(self.checkpoint.root).decode("ascii")

    @property
    def signature_b64(self) -> str:
        return base64.b64encode(self.checkpoint.signature).decode("ascii")


def inclusion_proof(
    entry: Entry, tree: MerkleTree, checkpoint: Checkpoint | None, public_key: bytes
) -> InclusionProof | None:
    """The proof of ``entry`` against ``checkpoint``, or None where that checkpoint does
    not cover the entry or covers more entries than are stored."""
    if checkpoint is None or not entry.position < checkpoint.size <= tree.size:
        return None
    leaf = entry.leaf_hash()
    path = tree.inclusion_proof(entry.position, checkpoint.size)
    return InclusionProof(
        index=entry.position,
        leaf=leaf,
        path=path,
        checkpoint=checkpoint,
        signature_valid=verify_checkpoint(checkpoint, public_key),
        holds=verify_inclusion(
            leaf_hash=leaf,
            index=entry.position,
            size=checkpoint.size,
            proof=path,
            root=checkpoint.root,
        ),
    )
