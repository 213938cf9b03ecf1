"""``privacam vault status|rotate-key``: case ③'s encrypted face-template vault by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.cells import cell_len
from rich.console import Console

from privacam.cli.app import app
from privacam.errors import InputError
from privacam.policy.loader import load_spec
from privacam.store import open_store
from privacam.store.keys import VAULT_KEY
from privacam.store.vault_crypto import master_key_id
from privacam.store.vault_rotation import rotate_vault_key
from privacam.store.vault_status import vault_status

vault_app = typer.Typer(
    help="Case ③'s vault of encrypted face templates: status and master-key rotation.",
    no_args_is_help=True,
)
app.add_typer(vault_app, name="vault")

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

FileArg = Annotated[Path, typer.Argument(help="The deployment file (privacam.yaml).")]


@vault_app.command("status")
def status(file: FileArg) -> None:
    """Show what the vault holds (counts and dates only; no template is opened).

    Warns when it holds more templates than the embedder's calibrated gallery limit.

    Example: privacam vault status privacam.yaml
    """
    loaded = load_spec(file)
    zone = ZoneInfo(loaded.spec.timezone)
    with open_store(loaded, create=False) as store:
        held = vault_status(store.engine)
        where = store.display_url
    models = ", ".join(f"{model}: {n}" for model, n in sorted(held.models.items()))
    lines = [
        ("保管庫 / vault", where),
        ("テンプレート / templates", f"{held.templates}" + (f" ({models})" if models else "")),
        ("来店者 / visitors", str(held.visitors)),
        ("除外テンプレート / exclusions", str(held.exclusions)),
        ("最古の初回来店 / oldest first visit", _when(held.oldest_first_seen, zone)),
        ("次の期限 / next expiry", _when(held.next_expiry, zone)),
        ("マスター鍵 / master key", _key_line(held.master_key_ids)),
    ]
    width = max(cell_len(label) for label, _ in lines)
    for label, value in lines:  # padded by display width: a kanji takes two cells
        console.print(f"{label}{' ' * (width - cell_len(label))}  {value}")
    for warning in held.warnings:
        errors.print(f"warning: {warning}")


def _when(value: datetime | None, zone: ZoneInfo) -> str:
    return "-" if value is None else value.astimezone(zone).isoformat(timespec="seconds")


def _key_line(stored_ids: list[str]) -> str:
    where = VAULT_KEY.location()
    try:
        key_id = master_key_id(VAULT_KEY.load(create=False))
    except InputError:
        return f"{where}: 見つかりません / not found"
    if not stored_ids:
        return f"{where} (id {key_id})"
    verdict = "一致 / matches" if key_id in stored_ids else "不一致 / does NOT match the vault"
    return f"{where} (id {key_id}): {verdict}"


@vault_app.command("rotate-key")
def rotate_key(
    file: FileArg,
    new_key_file: Annotated[
        Path | None,
        typer.Option(
            "--new-key-file",
            help=(
                "Rotate to the key in this file (made 0600 with a random key if absent); "
                "then point PRIVACAM_VAULT_KEY_FILE at it. Default: a new random key "
                "replaces the current key file."
            ),
        ),
    ] = None,
) -> None:
    """Re-wrap every data key of the vault under a new master key, in one transaction.

    Afterwards the old master key opens nothing. Audited (vault.rotate).

    Example: privacam vault rotate-key privacam.yaml
    """
    loaded = load_spec(file)
    with open_store(loaded, create=False) as store:
        report = rotate_vault_key(store, new_key_file=new_key_file)
    console.print(
        f"{report.rewrapped} 個のデータ鍵を新しいマスター鍵で包み直しました / re-wrapped "
        f"{report.rewrapped} data keys under the new master key (id {report.old_key_id} → "
        f"{report.new_key_id}, audit seq {report.audit_seq})"
    )
    if report.replaced:
        console.print(
            f"新しい鍵は {report.new_key_file} にあります（古い鍵は上書きしました。バックアップ"
            f"の古い鍵も破棄してください） / the new key is in {report.new_key_file} (the old "
            "one was replaced; destroy any backup of it too)"
        )
    else:
        console.print(
            f"PRIVACAM_VAULT_KEY_FILE を {report.new_key_file} に設定し、古い鍵を破棄してください"
            f" / set PRIVACAM_VAULT_KEY_FILE={report.new_key_file} and destroy the old key"
        )
