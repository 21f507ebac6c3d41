"""Logging in with a password, claiming an invitation, and sessions. None of it is in the record."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from conftest import Clock
from sovet.adapters import tables
from sovet.domain.errors import Invalid, Unauthenticated
from sovet.services.credentials import token_hash
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.log_in import (
    WRONG,
    ClaimInvitation,
    LogIn,
    Session,
    claim_invitation,
    log_in,
    log_out,
    member_for_token,
    sessions_elsewhere,
)

from .federation import PASSWORD, Federation

NEW_PASSWORD = "all power to the councils"


def test_a_member_logs_in_with_their_email_and_password(federation: Federation) -> None:
    ana = federation.register("Ana")
    size, checkpoints = federation.record_size(), federation.sovet.db.checkpoints()
    session = log_in(federation.sovet.db, LogIn(" ANA@example.org ", PASSWORD))
    assert session.member == ana
    assert federation.act(lambda store: member_for_token(store, session.token)) == ana
    assert federation.record_size() == size
    assert federation.sovet.db.checkpoints() == checkpoints


def test_each_log_in_opens_its_own_session(federation: Federation) -> None:
    federation.register("Ana")
    web = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD, "web"))
    api = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD, "api"))
    assert web.token != api.token


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("ana@example.org", "not the password"),
        ("nobody@example.org", PASSWORD),
        ("not an email", PASSWORD),
        ("ana@example.org", ""),
    ],
    ids=["wrong password", "unknown email", "malformed email", "empty password"],
)
def test_a_failed_log_in_says_the_same_whatever_was_wrong(
    federation: Federation, email: str, password: str
) -> None:
    federation.register("Ana")
    size = federation.record_size()
    with pytest.raises(Unauthenticated) as refused:
        log_in(federation.sovet.db, LogIn(email, password))
    assert refused.value.message == WRONG == "wrong e-mail or password"
    assert federation.record_size() == size


def test_a_logged_out_session_no_longer_names_a_member(federation: Federation) -> None:
    federation.register("Ana")
    session = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD))
    federation.act(lambda store: log_out(store, session.token))
    federation.refused(
        Unauthenticated,
        lambda store: member_for_token(store, session.token),
        "log in first: this session or token is not valid",
    )


def test_an_unknown_token_names_no_member(federation: Federation) -> None:
    federation.refused(
        Unauthenticated, lambda store: member_for_token(store, "forged"), "log in first"
    )


def invite(federation: Federation, name: str = "Lev") -> str:
    """Import ``name`` into a fresh council; return their invitation code."""
    ana = federation.register("Ana")
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    csv_text = f"name,email\n{name},{name.lower()}@example.org\n"
    request = ImportMembers(council=works.slug, csv_text=csv_text)
    [imported] = federation.act(lambda store: import_members(store, request, actor=ana))
    assert imported.invitation is not None
    return imported.invitation


def claim(
    code: str, password: str = NEW_PASSWORD, email: str = "lev@example.org"
) -> ClaimInvitation:
    return ClaimInvitation(email=email, code=code, password=password)


def test_an_invited_member_sets_their_password_with_the_code_and_is_logged_in(
    federation: Federation,
) -> None:
    code = invite(federation)
    size = federation.record_size()
    session = federation.act(lambda store: claim_invitation(store, claim(code)))
    assert session.member.name == "Lev"
    assert federation.record_size() == size
    again: Session = log_in(federation.sovet.db, LogIn("lev@example.org", NEW_PASSWORD))
    assert again.member == session.member


def test_an_invited_member_cannot_log_in_before_setting_a_password(
    federation: Federation,
) -> None:
    invite(federation)
    for password in ("", PASSWORD):
        with pytest.raises(Unauthenticated, match=WRONG):
            log_in(federation.sovet.db, LogIn("lev@example.org", password))


def test_an_invitation_code_works_once(federation: Federation) -> None:
    code = invite(federation)
    federation.act(lambda store: claim_invitation(store, claim(code)))
    federation.refused(
        Unauthenticated,
        lambda store: claim_invitation(store, claim(code, password="a different password")),
        "this invitation code is not valid for this e-mail",
    )
    session = log_in(federation.sovet.db, LogIn("lev@example.org", NEW_PASSWORD))
    assert session.member.name == "Lev"


def test_a_wrong_code_or_another_members_email_is_refused(federation: Federation) -> None:
    code = invite(federation)
    for request in (
        claim("not-the-code"),
        claim(code, email="ana@example.org"),
        claim(code, email="nobody@example.org"),
    ):
        federation.refused(
            Unauthenticated,
            lambda store, request=request: claim_invitation(store, request),
            "this invitation code is not valid for this e-mail",
        )


def test_a_short_password_is_refused_when_claiming_and_the_code_still_works(
    federation: Federation,
) -> None:
    code = invite(federation)
    federation.refused(
        Invalid,
        lambda store: claim_invitation(store, claim(code, password="short")),
        "password: must be 10 to 200 characters",
    )
    assert federation.act(lambda store: claim_invitation(store, claim(code))).member.name == "Lev"


def test_a_browser_session_lasts_thirty_days_and_an_api_token_a_year(
    federation: Federation, clock: Clock
) -> None:
    ana = federation.register("Ana")
    web = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD, "web"))
    api = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD, "api"))

    def holder(session: Session) -> object:
        return federation.act(lambda store: member_for_token(store, session.token))

    clock.advance(days=29, hours=23)
    assert holder(web) == holder(api) == ana
    clock.advance(hours=2)
    federation.refused(
        Unauthenticated,
        lambda store: member_for_token(store, web.token),
        "log in first: this session or token is not valid",
    )
    assert holder(api) == ana
    with federation.sovet.db.reading() as store:
        assert sessions_elsewhere(store, ana.id, api.token) == [], "nor listed as working"
    clock.advance(days=336)
    federation.refused(Unauthenticated, lambda store: member_for_token(store, api.token))


def test_logging_in_drops_the_sessions_that_ran_out(federation: Federation, clock: Clock) -> None:
    ana = federation.register("Ana")
    old = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD, "web"))
    clock.advance(days=31)
    new = log_in(federation.sovet.db, LogIn("ana@example.org", PASSWORD, "web"))
    with federation.sovet.db.reading() as store:
        assert sessions_elsewhere(store, ana.id, new.token) == []
    with federation.sovet.db.engine.connect() as conn:
        kept = conn.execute(select(tables.sessions.c.token_hash)).scalars().all()
    assert kept == [token_hash(new.token)], "the old one is gone, not only refused"
    assert token_hash(old.token) not in kept
