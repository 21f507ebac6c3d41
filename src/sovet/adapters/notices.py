"""E-mail notices: a member hears when a vote or an election they can vote in opens.

The notices are read off the record: each ``vote.opened`` and ``election.voting_opened``
entry carries its frozen register, and each member on it whose account wants notices
(``accounts.notices``, on unless they turned it off) gets one message, to their address
alone, while the vote is still open. How far along the record the notices have been
sent is kept in ``notices_sent``, advanced entry by entry once every message of the
entry is handed to the mail server, so a sender that stops resumes where it stopped
(the entry it stopped in is sent again whole). Nothing here is a governing act, and
nothing is written to the record.

The mail server is the operator's: ``SOVET_SMTP_URL`` (``smtp://user:password@host:587``,
with STARTTLS unless ``?starttls=no``; ``smtps://`` for TLS from the start),
``SOVET_MAIL_FROM`` and ``SOVET_PUBLIC_URL`` (the address members reach the instance
at, for the links), or ``smtp_url``, ``mail_from`` and ``public_url`` in ``sovet.toml``.
"""

from __future__ import annotations

import os
import smtplib
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select

from sovet.adapters import tables as t
from sovet.adapters.sql import Database
from sovet.domain.errors import Invalid
from sovet.domain.motions import moment
from sovet.record.entry import Entry

CHANNEL = "mail"
KINDS = ("vote.opened", "election.voting_opened")
SMTP_TIMEOUT_S = 30


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    tls: bool
    """TLS from the start (``smtps://``)."""
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    site: str
    """The instance's public address, for the links."""

    @classmethod
    def read(cls, config: Mapping[str, Any], config_file: Path) -> MailSettings:
        """From ``SOVET_SMTP_URL``, ``SOVET_MAIL_FROM`` and ``SOVET_PUBLIC_URL``, else from
        ``config`` (the instance's ``sovet.toml``, at ``config_file``); refused, naming
        what is missing or wrong."""

        def setting(variable: str, key: str) -> str:
            value = os.environ.get(variable) or config.get(key)
            if not value:
                raise Invalid(f"no {key}: set {variable}, or {key} in {config_file}")
            return str(value)

        url = urlsplit(setting("SOVET_SMTP_URL", "smtp_url"))
        if url.scheme not in ("smtp", "smtps") or not url.hostname:
            raise Invalid("smtp_url: must be smtp://[user:password@]host[:port] or smtps://...")
        try:
            port = url.port or (465 if url.scheme == "smtps" else 587)
        except ValueError:
            raise Invalid("smtp_url: the port is not a number from 1 to 65535") from None
        site = setting("SOVET_PUBLIC_URL", "public_url").rstrip("/")
        if urlsplit(site).scheme not in ("http", "https"):
            raise Invalid("public_url: must start with https:// (or http://)")
        starttls = parse_qs(url.query).get("starttls", ["yes"])[0] != "no"
        return cls(
            host=url.hostname,
            port=port,
            tls=url.scheme == "smtps",
            starttls=url.scheme == "smtp" and starttls,
            user=None if url.username is None else unquote(url.username),
            password=None if url.password is None else unquote(url.password),
            sender=setting("SOVET_MAIL_FROM", "mail_from"),
            site=site,
        )


@dataclass(frozen=True)
class Notice:
    to: str
    subject: str
    text: str


def pending(db: Database, site: str) -> Iterator[tuple[int, list[Notice]]]:
    """Each entry after those already sent that opened a vote or an election still open
    now, with its notices; entries whose vote has closed are passed over."""
    with db.reading() as store:
        since = _sent_up_to(db) + 1
        now = store.now()
        entries = store.recorded(KINDS, since=since)
    for entry in entries:
        yield entry.position, _notices(db, entry, now, site)


def mark_sent(db: Database, position: int) -> None:
    """Record that every notice up to the entry at ``position`` is sent."""
    n = t.notices_sent.c
    with db.engine.begin() as conn:
        done = conn.execute(
            t.notices_sent.update().where(n.channel == CHANNEL).values(position=position)
        )
        if done.rowcount == 0:
            conn.execute(t.notices_sent.insert().values(channel=CHANNEL, position=position))


def send(
    settings: MailSettings, notices: Sequence[Notice], *, each: Callable[[], None] | None = None
) -> None:
    """Hand ``notices`` to the mail server, over one connection, calling ``each`` after
    each message."""
    if not notices:
        return
    connect = smtplib.SMTP_SSL if settings.tls else smtplib.SMTP
    with connect(settings.host, settings.port, timeout=SMTP_TIMEOUT_S) as server:
        if settings.starttls:
            server.starttls()
        if settings.user is not None:
            server.login(settings.user, settings.password or "")
        for notice in notices:
            message = EmailMessage()
            message["From"] = formataddr(("sovet", settings.sender))
            message["To"] = notice.to
            message["Subject"] = notice.subject
            message.set_content(notice.text)
            server.send_message(message)
            if each is not None:
                each()


def _sent_up_to(db: Database) -> int:
    n = t.notices_sent.c
    with db.engine.connect() as conn:
        found = conn.execute(select(n.position).where(n.channel == CHANNEL)).scalar()
    return -1 if found is None else int(found)


def _notices(db: Database, entry: Entry, now: datetime, site: str) -> list[Notice]:
    payload = entry.payload
    with db.reading() as store:
        if entry.kind == "vote.opened":
            closes = moment(payload["closes"])
            motion = store.motion(payload["motion"])
            council = store.council(payload["council"])
            assert motion is not None and council is not None
            what = f"the vote on {motion.title!r} in {council.name}"
            how = "by secret ballot" if payload["secret"] else "by named vote"
            link = f"{site}/motions/{motion.id}#vote-{entry.position}"
        else:
            election = store.election(payload["election"])
            assert election is not None
            closes = election.closes
            council = store.council(election.council_id)
            assert council is not None
            what = f"election {election.id} in {council.name}"
            how = "by secret ranked ballot"
            link = f"{site}/elections/{election.id}"
        if closes <= now:
            return []
        members = [int(member) for member, _ in payload["register"]]
        a = t.accounts.c
        rows = store.conn.execute(
            select(a.member_id, a.email)
            .where(a.member_id.in_(members), a.notices)
            .order_by(a.member_id)
        ).all()
    subject = f"Voting is open: {what}"
    opening = _paragraph(f"You can vote in {what}, {how}, until {closes:%Y-%m-%d %H:%M} UTC:")
    return [
        Notice(
            email,
            subject,
            f"{opening}\n\n{link}\n\n"
            + _paragraph(
                "You get this notice because you are on its register. To stop these notices, "
                "turn them off on your page:"
            )
            + f"\n\n{site}/members/{member}#notices\n",
        )
        for member, email in rows
    ]


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=72, break_long_words=False, break_on_hyphens=False)
