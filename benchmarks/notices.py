"""E-mail notices for a congress: a vote opens for 10,000 delegates, and each gets one.

    .venv/bin/python benchmarks/notices.py
    .venv/bin/python benchmarks/notices.py --members 2000

Untimed: a base council of ``--members`` members imported from CSV through the use case
(they receive no password; a notice needs only an address), a motion filed and its vote
opened, and an SMTP server on the loopback (aiosmtpd) that keeps nothing but a count.
Timed, in the same run, over the same server:

- sovet: ``sovet notify``'s work, as the command does it: the unsent entries read from
  the record, each entry's notices composed by ``services.notices`` (the register, the
  addresses of those who want notices), handed to the server over one connection, the
  entry marked sent;
- the reference: a plain ``smtplib`` loop that builds as many messages of a fixed text
  and hands them to the same server over one connection: what building and handing over
  the messages costs, with nothing read or composed.

Both must deliver every message; the figures are messages per second.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socket
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from sovet.adapters.mail import MailSettings, mark_sent, send, unsent
from sovet.bootstrap import KEY_FILE, Settings, bootstrap
from sovet.record.checkpoint import InstanceKey
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.notices import KINDS, notices_of
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.register_member import RegisterMember, register_member


@dataclass
class Counting:
    """An SMTP server's handler that counts what it is handed and keeps nothing."""

    received: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += len(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000, help="members on the register")
    args = parser.parse_args()
    os.environ["SOVET_PASSWORD_PROFILE"] = "cheapest"
    counting = Counting()
    port = free_port()
    server = Controller(counting, hostname="127.0.0.1", port=port)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="sovet-notices-") as scratch:
            run(Path(scratch), port, counting, args.members)
    finally:
        server.stop()


def run(folder: Path, port: int, counting: Counting, members: int) -> None:
    InstanceKey.generate().save(folder / KEY_FILE)
    moment = datetime.now(UTC) - timedelta(days=15)
    settings = Settings(home=folder, database_url=f"sqlite:///{folder / 'notices.db'}")
    sovet = bootstrap(settings, clock=lambda: moment)
    with sovet.db.transaction() as store:
        chair = register_member(store, RegisterMember("Chair", "chair@congress.example", "x" * 12))
        charter = {"support_threshold": 0.0001}
        council = FoundBaseCouncil("congress", "Congress", "Hall", charter)
        found_base_council(store, council, actor=chair)
    rows = "".join(f"Delegate {n},delegate{n}@congress.example\n" for n in range(1, members))
    with sovet.db.transaction() as store:
        import_members(store, ImportMembers("congress", "name,email\n" + rows), actor=chair)
        request = FileMotion("congress", "Adopt the plan", "The plan.", "workplace_organisation")
        motion = file_motion(store, request, actor=chair)
    moment = datetime.now(UTC) - timedelta(minutes=5)
    with sovet.db.transaction() as store:
        open_vote(store, OpenVote(motion.id), actor=chair)
    moment = datetime.now(UTC)
    os.environ |= {
        "SOVET_SMTP_URL": f"smtp://127.0.0.1:{port}?starttls=no",
        "SOVET_MAIL_FROM": "congress@congress.example",
        "SOVET_PUBLIC_URL": "https://sovet.congress.example",
    }
    mail = MailSettings.read({}, folder / "sovet.toml")
    print(f"one vote opened for {members:,} members; SMTP server: aiosmtpd on the loopback")

    start = time.perf_counter()
    sent = 0
    for entry in unsent(sovet.db, KINDS):
        with sovet.db.reading() as store:
            notices = notices_of(store, entry, mail.site)
        send(mail, notices)
        mark_sent(sovet.db, entry.position)
        sent += len(notices)
    ours = time.perf_counter() - start
    if sent != members - 1 or counting.received != sent:
        raise SystemExit(f"sovet: {sent} composed, {counting.received} received, not {members - 1}")

    counting.received = 0
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(sent):
            message = EmailMessage()
            message["From"] = "congress@congress.example"
            message["To"] = f"delegate{number}@congress.example"
            message["Subject"] = "Voting is open: the vote on 'Adopt the plan' in Congress"
            message.set_content("You can vote until tomorrow:\n\nhttps://sovet.congress.example/\n")
            smtp.send_message(message)
    reference = time.perf_counter() - start
    if counting.received != sent:
        raise SystemExit(f"reference: {counting.received} received, not {sent}")
    for label, seconds in (
        ("sovet notify (read, compose, send)", ours),
        ("reference: a plain smtplib loop", reference),
    ):
        print(f"  {label:<40} {sent / seconds:8,.0f} notices/s  ({seconds:.1f} s)")
    sovet.db.engine.dispose()


if __name__ == "__main__":
    main()
