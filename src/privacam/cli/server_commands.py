"""``privacam serve``, ``privacam users add|remove|list`` and ``privacam tokens create|list|revoke``.

Accounts live in the deployment's store (``privacam.store.accounts``); every change is
audited. The server's packages (FastAPI, uvicorn, argon2) are imported when a command
runs, so that the rest of the CLI works without the ``server`` extra.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from privacam.cli.app import app
from privacam.cli.help_text import flowing_help
from privacam.errors import InputError
from privacam.policy.loader import LoadedSpec, load_spec
from privacam.store import open_store

if TYPE_CHECKING:
    from privacam.store.accounts import Accounts

users_app = typer.Typer(help="Users of `privacam serve`'s pages and API (argon2-hashed).")
tokens_app = typer.Typer(help="API tokens: edge nodes pushing records, scripts (argon2-hashed).")
app.add_typer(users_app, name="users", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="The deployment file (privacam.yaml).")]
RoleOption = Annotated[str, typer.Option("--role", help="admin, analyst, privacy_officer or node.")]
CameraOption = Annotated[
    list[str] | None,
    typer.Option("--camera", help="A camera id of the file the account is limited to; repeat."),
]


def _accounts(loaded: LoadedSpec, *, create: bool = True) -> Accounts:
    try:
        from privacam.store.accounts import Accounts
    except ImportError:  # argon2-cffi is in the server extra
        raise InputError(
            "アカウントには server の追加パッケージが必要です: pip install 'privacam[server]' / "
            "accounts need the server extra: pip install 'privacam[server]'"
        ) from None
    return Accounts(open_store(loaded, create=create))


def _cameras(loaded: LoadedSpec, cameras: list[str] | None) -> list[str] | None:
    known = [camera.id for camera in loaded.spec.cameras]
    for camera in cameras or []:
        if camera not in known:
            raise InputError(
                f"カメラ {camera} はこのファイルにありません（{', '.join(known)}） / camera "
                f"{camera} is not in the deployment file; use one of: {', '.join(known)}"
            )
    return cameras or None


def _password(password_file: Path | None) -> str:
    if password_file is None:
        return typer.prompt("パスワード / password", hide_input=True, confirmation_prompt=True)
    try:
        lines = password_file.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(
            f"パスワードファイル {password_file} を読めません / cannot read the password file "
            f"{password_file}: {error.strerror}"
        ) from None
    return lines[0] if lines else ""


def _when(value: datetime | None) -> str:
    return "-" if value is None else value.isoformat(timespec="seconds")


def _scope(cameras: tuple[str, ...] | None) -> str:
    return "all" if cameras is None else ",".join(cameras)


@users_app.command("add")
def users_add(
    file: FileArg,
    name: Annotated[str, typer.Argument(help="The user's sign-in name.")],
    role: RoleOption,
    camera: CameraOption = None,
    password_file: Annotated[
        Path | None,
        typer.Option(help="Read the password from the first line of this file; else prompt."),
    ] = None,
) -> None:
    """Add a user (audited). An analyst can be limited to some cameras with --camera.

    Example: privacam users add privacam.yaml aiko --role analyst --camera cam1
    """
    loaded = load_spec(file)
    cameras = _cameras(loaded, camera)
    password = _password(password_file)
    accounts = _accounts(loaded)
    with accounts.store:
        user = accounts.add_user(name, role, password, cameras=cameras)
    typer.echo(
        f"ユーザー {user.name}（{user.role}、カメラ {_scope(user.cameras)}）を追加しました / "
        f"added user {user.name} ({user.role}, cameras: {_scope(user.cameras)})"
    )


@users_app.command("remove")
def users_remove(
    file: FileArg, name: Annotated[str, typer.Argument(help="The user's sign-in name.")]
) -> None:
    """Disable a user and end their sessions (audited); the name is not given out again.

    Example: privacam users remove privacam.yaml aiko
    """
    accounts = _accounts(load_spec(file), create=False)
    with accounts.store:
        accounts.remove_user(name)
    typer.echo(f"ユーザー {name} を無効にしました / removed user {name}")


@users_app.command("list")
def users_list(file: FileArg) -> None:
    """List the users: name, role, camera scope, created, and whether removed.

    Example: privacam users list privacam.yaml
    """
    accounts = _accounts(load_spec(file), create=False)
    with accounts.store:
        users = accounts.users()
    if not users:
        typer.echo("ユーザーはいません / no users")
    for user in users:
        state = "removed" if user.disabled_at else "active"
        if user.must_change_password and not user.disabled_at:
            state = "one-time password"
        typer.echo(
            f"{user.name}\t{user.role}\tcameras={_scope(user.cameras)}\t"
            f"created={_when(user.created_at)}\t{state}"
        )


@tokens_app.command("create")
def tokens_create(
    file: FileArg,
    role: RoleOption,
    camera: CameraOption = None,
    name: Annotated[
        str | None, typer.Option(help="The token's name; default role-camera-xxxxxx.")
    ] = None,
) -> None:
    """Create an API token and print it once: it is stored only as an argon2 hash.

    Example: privacam tokens create privacam.yaml --role node --camera cam1
    """
    loaded = load_spec(file)
    cameras = _cameras(loaded, camera)
    accounts = _accounts(loaded)
    with accounts.store:
        token, clear = accounts.create_token(role, cameras=cameras, name=name)
    typer.echo(
        f"トークン {token.name}（{token.role}、カメラ {_scope(token.cameras)}）を作りました。"
        "この一度だけ表示します / created token "
        f"{token.name} ({token.role}, cameras: {_scope(token.cameras)}); shown this once only:"
    )
    typer.echo(clear)


@tokens_app.command("list")
def tokens_list(file: FileArg) -> None:
    """List the tokens (never their secrets): name, role, scope, created, last used, revoked.

    Example: privacam tokens list privacam.yaml
    """
    accounts = _accounts(load_spec(file), create=False)
    with accounts.store:
        tokens = accounts.tokens()
    if not tokens:
        typer.echo("トークンはありません / no tokens")
    for token in tokens:
        typer.echo(
            f"{token.name}\t{token.role}\tcameras={_scope(token.cameras)}\t"
            f"created={_when(token.created_at)}\tlast-used={_when(token.last_used_at)}\t"
            f"{'revoked ' + _when(token.revoked_at) if token.revoked_at else 'live'}"
        )


@tokens_app.command("revoke")
def tokens_revoke(
    file: FileArg, name: Annotated[str, typer.Argument(help="The token's name.")]
) -> None:
    """Revoke a token (audited): its next request is refused.

    Example: privacam tokens revoke privacam.yaml node-cam1-3fa2c1
    """
    accounts = _accounts(load_spec(file), create=False)
    with accounts.store:
        accounts.revoke_token(name)
    typer.echo(f"トークン {name} を失効させました / revoked token {name}")


@app.command("serve")
@flowing_help
def serve(
    file: FileArg,
    host: Annotated[
        str, typer.Option(help="Address to listen on; beyond 127.0.0.1 put TLS in front.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8321,
    public_rate_limit: Annotated[
        str,
        typer.Option(
            help="Requests each client address may make to each public page or feed: "
            "PER_MINUTE/BURST, or off (e.g. for a load benchmark from one address)."
        ),
    ] = "60/30",
) -> None:
    """Serve the API and the pages over the deployment's store (migrated first).

    When the store has no admin yet, it creates `admin` with a one-time password, printed
    here once; the first sign-in must replace it.

    Example: privacam serve privacam.yaml
    """
    try:
        import uvicorn

        from privacam.server.context import ServerSettings
        from privacam.server.limits import LimitSettings, parse_rate
        from privacam.server.serve import (
            build_server,
            is_loopback,
            refuse_busy_port,
            sign_in_url,
        )
    except ImportError:
        raise InputError(
            "serve には server の追加パッケージが必要です: pip install 'privacam[server]' / "
            "serve needs the server extra: pip install 'privacam[server]'"
        ) from None
    limits = LimitSettings(public_rate=parse_rate(public_rate_limit))
    loaded = load_spec(file)
    settings = ServerSettings(host=host, port=port, limits=limits)
    refuse_busy_port(host, port)
    store = open_store(loaded)
    server, first = build_server(loaded, store, settings)
    if not is_loopback(host):
        typer.secho(
            f"警告: {host} で待ち受けます。この機械の外からも接続できます。TLS の"
            "リバースプロキシを前に置いてください / warning: listening on "
            f"{host}, reachable from beyond this machine; put a TLS reverse proxy in front",
            err=True,
            fg=typer.colors.YELLOW,
        )
    typer.echo(f"サインイン / sign in: {sign_in_url(settings)}")
    if first is not None:
        typer.echo(
            f"初回の管理者 / first admin: {first.name}\n"
            f"一度だけのパスワード（この一度だけ表示します。初回のサインインで変更します） / "
            f"one-time password (shown this once; change it at the first sign-in): "
            f"{first.one_time_password}"
        )
    try:
        uvicorn.run(server, host=host, port=port, log_level="info")
    finally:
        store.close()
