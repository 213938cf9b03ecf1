"""Whether a notice may be rendered, and whether it is a draft.

A deployment that fails ``privacam check`` gets no notice, just as ``privacam
run`` refuses it (:class:`NoticeRefused`, exit 1): a finished-looking sign must
not be put up for a deployment that may not capture. ``--draft`` renders it
anyway, marked 「案 / DRAFT」 on every page, and the manifest records it so that
``run`` never accepts a draft. The same mark appears, as a reminder, while example
values (（例）, found by rule ACC-004) are left in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from privacam.errors import PrivacamError
from privacam.policy.checks import run_checks
from privacam.policy.spec import Deployment

#: The check rule that finds example values (（例）, example.jp) left in the file.
PLACEHOLDER_RULE = "ACC-004"
#: How many failing rule ids the refusal lists before "and N more".
_SHOWN_RULES = 8


class NoticeRefused(PrivacamError):
    """The deployment fails its checks: no notice is rendered (``--draft`` renders a draft)."""

    exit_code = 1  # as `privacam run` refuses the same file


@dataclass(frozen=True)
class DraftStatus:
    #: Rendered with ``--draft``: ``run`` never accepts it.
    requested: bool
    #: Rules that reported errors when the notice was rendered.
    check_errors: tuple[str, ...]
    #: Fields that still hold example values.
    placeholders: tuple[str, ...]

    @property
    def marked(self) -> bool:
        """Whether the sign and the web notice carry the draft mark."""
        return self.requested or bool(self.check_errors) or bool(self.placeholders)


def draft_status(
    spec: Deployment,
    *,
    requested: bool,
    today: dt.date,
    file: str = "privacam.yaml",
    base_dir: Path | None = None,
) -> DraftStatus:
    """The notice's draft status, or :class:`NoticeRefused` when the check has errors and
    no draft was asked for; ``base_dir`` is where the files the deployment names are read
    (a missing floor plan fails the check here too, as in ``privacam check``)."""
    report = run_checks(spec, today=today, base_dir=base_dir)
    errors = tuple(dict.fromkeys(f.rule_id for f in report.errors))
    if errors and not requested:
        shown = ", ".join(errors[:_SHOWN_RULES])
        if len(errors) > _SHOWN_RULES:
            shown += f" and {len(errors) - _SHOWN_RULES} more"
        count = len(report.errors)
        raise NoticeRefused(
            f"{file} は check でエラーが {count} 件あるため、通知を作成しません（{shown}）。"
            f"修正するか、--draft で「案」として作成してください / {file} has {count} check "
            f"error(s) ({shown}), so no notice was rendered: fix them (privacam check {file}) "
            "or render a marked draft with --draft"
        )
    found = report.for_rule(PLACEHOLDER_RULE)
    placeholders = tuple(dict.fromkeys(f.path for f in found if f.path))
    return DraftStatus(requested=requested, check_errors=errors, placeholders=placeholders)
