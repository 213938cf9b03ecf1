"""What must hold before capture starts: a clean check and a notice for this exact file.

``privacam run`` refuses to start while ``privacam check`` reports errors, or while
no notice has been rendered for the deployment file's current hash (DESIGN "One
file drives everything"): a changed purpose needs a new notice before capture goes on.
Once the period of operation has started, it also refuses while the justification or
the sign-off is missing or dated after ``period.start`` (GB §1: written before capture).
"""

from __future__ import annotations

from pathlib import Path

from privacam.errors import PrivacamError
from privacam.policy.before_capture import before_capture_gaps
from privacam.policy.checks import CheckReport, check_loaded, today_in
from privacam.policy.loader import LoadedSpec
from privacam.policy.notice import notice_is_current, read_manifest
from privacam.policy.notice.manifest import default_notice_dir as default_notice_dir  # for run
from privacam.store import Store
from privacam.store.permissions import PRIVATE_MODE, tighten

#: How many check errors the refusal names (all of them: ``privacam check``).
_SHOWN_ERRORS = 3


class RunRefused(PrivacamError):
    """The deployment is not ready for capture; the message says which command fixes it."""

    exit_code = 1


def require_clean_check(loaded: LoadedSpec) -> CheckReport:
    """The check report, or :class:`RunRefused` when it has errors (listed one per line)."""
    report = check_loaded(loaded)
    if report.errors:
        file = loaded.path or "privacam.yaml"
        shown = report.errors[:_SHOWN_ERRORS]
        listed = "; ".join(
            f"{f.rule_id}{f' {f.path}' if f.path else ''}: {f.message.en}" for f in shown
        )
        if len(report.errors) > len(shown):
            listed += f"; and {len(report.errors) - len(shown)} more"
        raise RunRefused(
            f"{file} has {len(report.errors)} check error(s), so capture may not start: "
            f"{listed}; fix them (see `privacam check {file}`)"
        )
    return report


def require_current_notice(loaded: LoadedSpec, notice_dir: Path) -> None:
    """:class:`RunRefused` unless ``notice_dir`` holds the notice rendered for this file's hash."""
    if notice_is_current(loaded, notice_dir):
        return
    file = loaded.path or "privacam.yaml"
    manifest = read_manifest(notice_dir)
    if manifest is not None and manifest.draft:
        raise RunRefused(
            f"{notice_dir} の通知は案（--draft）で、撮影には使えません。check のエラーを直して "
            f"`privacam notice {file} -o {notice_dir}` で作り直してください / the notice in "
            f"{notice_dir} is a draft (rendered with --draft) and may not be put up for capture: "
            f"fix the check errors, render it with `privacam notice {file} -o {notice_dir}`, "
            "then run again"
        )
    raise RunRefused(
        f"no notice in {notice_dir} was rendered for deployment {loaded.short_hash} (the file's "
        f"current hash); render it with `privacam notice {file} -o {notice_dir}`, put it up, "
        "then run again"
    )


def require_written_before_capture(loaded: LoadedSpec) -> None:
    """:class:`RunRefused` once ``period.start`` has passed while the justification or the
    sign-off is missing, undated or dated after that day (GB §1: written before capture)."""
    spec = loaded.spec
    gaps = before_capture_gaps(spec, today=today_in(spec))
    if not gaps:
        return
    file = loaded.path or "privacam.yaml"
    start = spec.period.start
    ja = "、".join(gap.describe("ja") for gap in gaps)
    en = "; ".join(gap.describe("en") for gap in gaps)
    raise RunRefused(
        f"撮影期間の開始日 period.start（{start}）を過ぎていますが、撮影前に書かれているべき"
        f"正当性の記述と承認が揃っていません: {ja}。{file} に記入し（日付は {start} 以前）、"
        f"再度実行してください / period.start ({start}) has passed, but the justification and "
        f"sign-off that must be written before capture are not: {en}; fill them in {file} "
        f"(dated no later than {start}), then run again"
    )


def tighten_store_files(store: Store) -> str | None:
    """Narrow a SQLite store's files (database, -wal, -shm) that the group or others could
    read to 0600, audit it (``store.permissions``) and return the warning to show; None
    when they were private already (or the store is PostgreSQL, whose access the server
    controls). Tightened rather than refused: the run is safe from here on, and the audit
    entry and the warning tell the operator that the store was exposed until now."""
    if store.path is None:
        return None
    changed = tighten(store.path)
    if not changed:
        return None
    files = ", ".join(item.describe() for item in changed)
    with store.transaction() as tx:
        tx.audit(
            "store.permissions",
            str(store.path),
            {
                "files": {str(item.path): f"{item.old_mode:04o}" for item in changed},
                "mode": f"{PRIVATE_MODE:04o}",
            },
        )
    return (
        f"警告: ストアのファイルを所有者以外も読める状態だったため、所有者のみ（0600）に変更し"
        f"監査ログに記録しました: {files} / warning: the store's files were readable by others; "
        f"narrowed them to the owner only (0600) and audited it: {files}"
    )
