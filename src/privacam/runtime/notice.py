"""Render the notice and audit it: the policy layer renders, the store keeps the record.

The audit entries of one rendering (``config.change`` when the file's hash is new,
then ``notice.render``) are appended in one transaction, once the files are written:
a refused or failed rendering audits nothing and opens no store.
"""

from __future__ import annotations

from pathlib import Path

from privacam.policy.loader import LoadedSpec
from privacam.policy.notice import render_notice
from privacam.policy.notice.manifest import NoticeManifest
from privacam.store import audit_deployment, open_store


def render_audited_notice(loaded: LoadedSpec, output: Path, *, draft: bool) -> NoticeManifest:
    """:func:`privacam.policy.notice.render_notice` into ``output``, audited in the store."""
    manifest = render_notice(loaded, output, draft=draft)
    store = open_store(loaded)
    try:
        with store.transaction() as tx:
            audit_deployment(tx, loaded)
            tx.audit(
                "notice.render",
                str(output),
                {
                    "deployment_sha256": loaded.sha256,
                    "files": sorted(manifest.files),
                    "draft": manifest.draft,
                    "check_errors": manifest.check_errors,
                    "placeholders": manifest.placeholders,
                },
            )
    finally:
        store.close()
    return manifest
