"""What ``privacam serve`` does before it listens: the app over a deployment's store, the
first admin's one-time password, and the warning for an address beyond this machine.

The first admin (made when the store has no active admin) gets a random password shown
once on the terminal; it is a one-time password: the first sign-in must replace it
(``/account/password``) before the admin can do anything else.

>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
(True, True, True, False)
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from dataclasses import dataclass

from fastapi import FastAPI

from privacam.errors import PrivacamError
from privacam.policy.loader import LoadedSpec
from privacam.server.app import create_app
from privacam.server.auth import StoreAuthenticator
from privacam.server.context import ServerContext, ServerSettings
from privacam.store import Store
from privacam.store.accounts import Accounts

FIRST_ADMIN = "admin"


@dataclass(frozen=True)
class FirstAdmin:
    name: str
    one_time_password: str


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: only the resolver knows, so warn
        return False


def refuse_busy_port(host: str, port: int) -> None:
    """One clear line when the address is taken, before a one-time password is shown for a
    server that would then fail to start."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PrivacamError(
                f"{host}:{port} で待ち受けられません（使用中か、この機械のアドレスではありません）。"
                f"--port で別の番号を選んでください / cannot listen on {host}:{port} "
                f"({error.strerror}); choose another --port"
            ) from None


def ensure_admin(accounts: Accounts) -> FirstAdmin | None:
    """Create the first admin with a one-time password when the store has no active admin."""
    if accounts.has_admin():
        return None
    taken = {user.name for user in accounts.users()}
    name = next(
        candidate
        for candidate in (FIRST_ADMIN, *(f"{FIRST_ADMIN}{n}" for n in range(2, 1000)))
        if candidate not in taken
    )
    password = secrets.token_urlsafe(15)
    accounts.add_user(name, "admin", password, must_change_password=True)
    return FirstAdmin(name, password)


def build_server(
    loaded: LoadedSpec, store: Store, settings: ServerSettings
) -> tuple[FastAPI, FirstAdmin | None]:
    """The app for ``store`` under the real authenticator, and the first admin if made now."""
    context = ServerContext(loaded=loaded, store=store, settings=settings)
    authenticator = StoreAuthenticator(context)
    first = ensure_admin(authenticator.accounts)
    return create_app(context, authenticator), first


def sign_in_url(settings: ServerSettings) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}/login"
