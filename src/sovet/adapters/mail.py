"""E-mail: the operator's mail server, and how far along the record the notices are sent.

``services.notices`` says which notices an entry of the record calls for; ``sovet
notify`` hands them to the mail server here, one message per address, and records the
entry as sent once all of its messages are handed over (``notices_sent``), so a sender
that stops resumes where it stopped (the entry it stopped in is sent again whole).
Reminders before voting closes are kept alike, by what they remind of
(``reminders_sent``). One sender at a time: it holds a lock file in the instance's
folder (``locks.sole_sender``). The invitation codes of an imported member list go out here too; those the mail
server does not take are kept for the member who imported the list
(``invitation_failures``), who has the codes and passes them on by hand.

The mail server is the operator's: ``SOVET_SMTP_URL`` (``smtp://user:password@host:587``,
with STARTTLS unless ``?starttls=no``; ``smtps://`` for TLS from the start),
``SOVET_MAIL_FROM`` and ``SOVET_PUBLIC_URL`` (the address members reach the instance
at, for the links), or ``smtp_url``, ``mail_from`` and ``public_url`` in ``sovet.toml``.
"""

from __future__ import annotations

import os
import re
import smtplib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, getaddresses
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select

from sovet.adapters import tables as t
from sovet.adapters.sql import Database, timestamp
from sovet.domain.errors import Invalid
from sovet.domain.notices import Invitation, Notice
from sovet.record.entry import Entry

CHANNEL = "mail"
SMTP_TIMEOUT_S = 30
REASON_LENGTH = 400
"""The most of a mail server's answer kept as the reason a message failed."""


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
    """The address mail is sent from."""
    sender_name: str
    """The name shown beside it: the one ``mail_from`` gives, else sovet."""
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
        sender_name, sender = _mailbox(setting("SOVET_MAIL_FROM", "mail_from"))
        return cls(
            host=url.hostname,
            port=port,
            tls=url.scheme == "smtps",
            starttls=url.scheme == "smtp" and starttls,
            user=None if url.username is None else unquote(url.username),
            password=None if url.password is None else unquote(url.password),
            sender=sender,
            sender_name=sender_name or "sovet",
            site=site,
        )

    @staticmethod
    def configured(config: Mapping[str, Any]) -> bool:
        """Whether the operator set up mail (its server or its sender), rightly or not."""
        return any(
            os.environ.get(variable) or config.get(key)
            for variable, key in (("SOVET_SMTP_URL", "smtp_url"), ("SOVET_MAIL_FROM", "mail_from"))
        )


ADDRESS = re.compile(r"[^\s@<>(),;:\"\[\]\\]+@[^\s@<>(),;:\"\[\]\\]+")


def _mailbox(text: str) -> tuple[str, str]:
    """``mail_from`` as a name (maybe empty) and an address: ``sovet@example.org`` or
    ``Local 42 <sovet@example.org>``; refused where it is not one such mailbox."""
    mailboxes = getaddresses([text])
    address = mailboxes[0][1] if len(mailboxes) == 1 else ""
    # getaddresses runs stray words into the address ("a@b.org x" reads as "a@b.orgx").
    if not ADDRESS.fullmatch(address) or address not in text:
        raise Invalid(
            f"mail_from: {text!r} is not an e-mail address: write sovet@example.org, "
            "or Name <sovet@example.org>"
        )
    return mailboxes[0]


def unsent(db: Database, kinds: Collection[str]) -> list[Entry]:
    """The entries of ``kinds`` after the last one whose notices are sent."""
    n = t.notices_sent.c
    with db.reading() as store:
        found = store.conn.execute(select(n.position).where(n.channel == CHANNEL)).scalar()
        return store.recorded(kinds, since=0 if found is None else int(found) + 1)


def mark_sent(db: Database, position: int) -> None:
    """Record that every notice up to the entry at ``position`` is sent."""
    n = t.notices_sent.c
    with db.engine.begin() as conn:
        done = conn.execute(
            t.notices_sent.update().where(n.channel == CHANNEL).values(position=position)
        )
        if done.rowcount == 0:
            conn.execute(t.notices_sent.insert().values(channel=CHANNEL, position=position))


def reminded(db: Database) -> set[str]:
    """What this channel has reminded of (``vote:ID``, ``election:ID``)."""
    r = t.reminders_sent.c
    with db.reading() as store:
        return set(store.conn.execute(select(r.about).where(r.channel == CHANNEL)).scalars())


def mark_reminded(db: Database, about: str) -> None:
    """Record that every reminder of ``about`` is sent."""
    with db.engine.begin() as conn:
        conn.execute(t.reminders_sent.insert().values(channel=CHANNEL, about=about))


def send(
    settings: MailSettings, notices: Sequence[Notice], *, each: Callable[[], None] | None = None
) -> None:
    """Hand ``notices`` to the mail server, over one connection, calling ``each`` after
    each message."""
    if not notices:
        return
    with _connected(settings) as server:
        for notice in notices:
            server.send_message(_message(settings, notice))
            if each is not None:
                each()


def deliver(
    settings: MailSettings, notices: Sequence[Notice], *, each: Callable[[], None] | None = None
) -> list[str | None]:
    """Hand each of ``notices`` to the mail server, over one connection, calling ``each``
    after each; for each, None once handed over, else why not. A message the server
    refuses does not stop the others; a connection that fails fails every message not
    yet handed over."""
    outcomes: list[str | None] = []
    if not notices:
        return outcomes
    try:
        with _connected(settings) as server:
            for notice in notices:
                try:
                    server.send_message(_message(settings, notice))
                    outcomes.append(None)
                except (
                    smtplib.SMTPRecipientsRefused,
                    smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError,
                ) as error:
                    outcomes.append(f"the mail server refused it: {_said(error)}")
                if each is not None:
                    each()
    except (smtplib.SMTPException, OSError) as error:
        failed = f"the mail server at {settings.host}:{settings.port}: {_said(error)}"
        outcomes.extend([failed] * (len(notices) - len(outcomes)))
    return outcomes


@contextmanager
def _connected(settings: MailSettings) -> Iterator[smtplib.SMTP]:
    connect = smtplib.SMTP_SSL if settings.tls else smtplib.SMTP
    with connect(settings.host, settings.port, timeout=SMTP_TIMEOUT_S) as server:
        if settings.starttls:
            server.starttls()
        if settings.user is not None:
            server.login(settings.user, settings.password or "")
        yield server


def _message(settings: MailSettings, notice: Notice) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = notice.to
    message["Subject"] = notice.subject
    message.set_content(notice.text)
    return message


def _said(error: Exception) -> str:
    """What the mail server (or the connection) said, on one line."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        said = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
    elif isinstance(error, smtplib.SMTPResponseException):
        said = f"{error.smtp_code} {_text(error.smtp_error)}"
    else:
        said = str(error) or type(error).__name__
    return " ".join(said.split())[:REASON_LENGTH]


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


@dataclass(frozen=True)
class FailedInvitation:
    """An invitation e-mail the mail server did not take, and why."""

    member: int
    name: str
    email: str
    attempted: str
    reason: str


def send_invitations(
    db: Database,
    settings: MailSettings,
    invitations: Sequence[Invitation],
    *,
    council: int,
    importer: int,
    each: Callable[[], None] | None = None,
) -> list[FailedInvitation]:
    """E-mail each new member of ``council`` their invitation code (calling ``each`` after
    each), and keep those the mail server did not take for ``importer`` to read
    (``failed_invitations``); a member whose e-mail now went out is no longer kept."""
    outcomes = deliver(settings, [invitation.notice for invitation in invitations], each=each)
    attempted = timestamp(db.clock())
    failed = [
        FailedInvitation(item.member, item.name, item.notice.to, attempted, reason)
        for item, reason in zip(invitations, outcomes, strict=True)
        if reason is not None
    ]
    f = t.invitation_failures.c
    with db.engine.begin() as conn:
        conn.execute(
            t.invitation_failures.delete().where(
                f.council_id == council,
                f.member_id.in_([item.member for item in invitations]),
            )
        )
        if failed:
            conn.execute(
                t.invitation_failures.insert(),
                [
                    {
                        "council_id": council,
                        "importer_id": importer,
                        "member_id": item.member,
                        "email": item.email,
                        "attempted": item.attempted,
                        "reason": item.reason,
                    }
                    for item in failed
                ],
            )
    return failed


def failed_invitations(db: Database, *, council: int, importer: int) -> list[FailedInvitation]:
    """The invitation e-mails ``importer`` sent to new members of ``council`` that the mail
    server did not take, in the order they were tried."""
    f, m = t.invitation_failures.c, t.members.c
    query = (
        select(f.member_id, m.name, f.email, f.attempted, f.reason)
        .join(t.members, m.id == f.member_id)
        .where(f.council_id == council, f.importer_id == importer)
        .order_by(f.id)
    )
    with db.engine.connect() as conn:
        return [FailedInvitation(*row) for row in conn.execute(query)]


def dismiss_failed_invitations(db: Database, *, council: int, importer: int) -> int:
    """Forget the failed invitation e-mails ``importer`` has read; how many there were."""
    f = t.invitation_failures.c
    with db.engine.begin() as conn:
        done = conn.execute(
            t.invitation_failures.delete().where(f.council_id == council, f.importer_id == importer)
        )
        return int(done.rowcount)
