"""Users, API tokens and sessions in the store: hashed, audited, expiring; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from privacam.store import Store
from privacam.store.account_tables import api_tokens, sessions, users
from privacam.store.accounts import AccountError, Accounts
from privacam.store.sessions import Sessions, id_hash

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery staple"
T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def accounts(store: Store) -> Accounts:
    return Accounts(store, hasher=CHEAP)


def all_rows(store: Store, table) -> list[dict]:
    with store.engine.connect() as connection:
        return [dict(row) for row in connection.execute(select(table)).mappings()]


def test_a_password_is_kept_only_as_an_argon2_hash(store: Store, accounts: Accounts) -> None:
    accounts.add_user("aiko", "analyst", PASSWORD)
    (row,) = all_rows(store, users)
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in repr(row)
    assert accounts.check_password("aiko", PASSWORD) is not None
    assert accounts.check_password("aiko", PASSWORD + "!") is None
    assert accounts.check_password("nobody", PASSWORD) is None


def test_a_token_is_shown_once_and_kept_only_as_a_hash(store: Store, accounts: Accounts) -> None:
    token, clear = accounts.create_token("node", cameras=["cam1"], name="gate")
    secret = clear.split(".")[2]
    (row,) = all_rows(store, api_tokens)
    assert row["secret_hash"].startswith("$argon2id$") and secret not in repr(row)
    assert accounts.check_token(clear) == accounts.tokens()[0]
    assert accounts.check_token(clear[:-1] + ("A" if clear[-1] != "A" else "B")) is None
    assert token.cameras == ("cam1",)


def test_a_revoked_token_no_longer_checks(accounts: Accounts) -> None:
    _, clear = accounts.create_token("node", name="gate")
    accounts.revoke_token("gate")
    assert accounts.check_token(clear) is None
    with pytest.raises(AccountError, match="no live token gate"):
        accounts.revoke_token("gate")


def test_each_account_change_is_audited_without_secrets(store: Store, accounts: Accounts) -> None:
    accounts.add_user("aiko", "analyst", PASSWORD, cameras=["cam1"], actor="user:root")
    accounts.set_password("aiko", PASSWORD + " two")
    _, clear = accounts.create_token("node", name="gate")
    accounts.revoke_token("gate")
    accounts.remove_user("aiko")
    audited = list(store.audit.entries())
    entries = [(e.action, e.subject) for e in audited]
    assert entries == [
        ("user.add", "aiko"),
        ("user.password", "aiko"),
        ("token.create", "gate"),
        ("token.revoke", "gate"),
        ("user.remove", "aiko"),
    ]
    assert audited[0].actor == "user:root"
    text = repr(audited)
    assert PASSWORD not in text and clear.split(".")[2] not in text


def test_a_duplicate_or_removed_user_name_is_refused(accounts: Accounts) -> None:
    accounts.add_user("aiko", "analyst", PASSWORD)
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_user("aiko", "admin", PASSWORD)
    accounts.remove_user("aiko")
    assert accounts.check_password("aiko", PASSWORD) is None
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_user("aiko", "analyst", PASSWORD)


@pytest.mark.parametrize(
    ("role", "cameras", "password", "message"),
    [
        ("root", None, PASSWORD, "unknown role"),
        ("node", None, PASSWORD, "a node is no user"),
        ("admin", ["cam1"], PASSWORD, "analyst and node roles only"),
        ("analyst", None, "short", "at least 12"),
    ],
)
def test_a_bad_user_is_refused_in_one_line(accounts, role, cameras, password, message) -> None:
    with pytest.raises(AccountError, match=message) as refused:
        accounts.add_user("aiko", role, password, cameras=cameras)
    assert refused.value.exit_code == 2
    assert accounts.users() == []


def test_a_session_ends_when_idle_and_at_its_lifetime(store: Store, accounts: Accounts) -> None:
    clock = Clock()
    accounts.add_user("aiko", "analyst", PASSWORD)
    live = Sessions(store, clock=clock, idle=timedelta(minutes=30), lifetime=timedelta(hours=2))
    idle_one, busy_one = live.start("aiko"), live.start("aiko")
    for _ in range(5):  # 100 minutes of use, a request every 20 minutes
        clock.now += timedelta(minutes=20)
        assert live.find(busy_one) is not None
    assert live.find(idle_one) is None  # nothing for 100 minutes > 30 idle
    clock.now += timedelta(minutes=21)  # 2 h 1 min after sign-in
    assert live.find(busy_one) is None


def test_a_session_is_stored_by_the_hash_of_its_id(store: Store, accounts: Accounts) -> None:
    accounts.add_user("aiko", "analyst", PASSWORD)
    session_id = Sessions(store).start("aiko")
    (row,) = all_rows(store, sessions)
    assert row["id_hash"] == id_hash(session_id) and session_id not in repr(row)


def test_removing_a_user_or_changing_the_password_ends_their_sessions(
    store: Store, accounts: Accounts
) -> None:
    accounts.add_user("aiko", "analyst", PASSWORD)
    live = Sessions(store)
    before = live.start("aiko")
    accounts.set_password("aiko", PASSWORD + " two")
    assert live.find(before) is None
    after = live.start("aiko")
    assert live.find(after).user.name == "aiko"
    accounts.remove_user("aiko")
    assert live.find(after) is None
