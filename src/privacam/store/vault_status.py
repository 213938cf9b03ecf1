"""What the vault holds, for ``privacam vault status`` and the gallery-size warning.

Reading the status opens no template: it counts rows and reads their dates, so it
needs no master key.

One-to-many matching makes a large gallery risky: with N templates and a per-pair
false-accept rate f, a new face wrongly matches someone with probability about N·f.
:data:`privacam.policy.face_matching.CALIBRATIONS` gives each embedder the gallery size
up to which that stays under 1 %; above it the vault warns (log and status).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from privacam.policy.face_matching import CALIBRATIONS
from privacam.store.tables import vault_exclusions, vault_keys, vault_templates


@dataclass(frozen=True)
class VaultStatus:
    """Counts and dates of what the vault holds (no identifier, no feature)."""

    templates: int
    visitors: int
    exclusions: int
    #: Templates per embedder model.
    models: dict[str, int]
    oldest_first_seen: datetime | None
    next_expiry: datetime | None
    #: Fingerprints of the master keys wrapping the data keys (one, unless corrupted).
    master_key_ids: list[str]
    warnings: list[str] = field(default_factory=list)


def gallery_warning(model: str, templates: int) -> str | None:
    """The bilingual warning when ``templates`` exceed the model's calibrated gallery limit."""
    calibration = CALIBRATIONS.get(model)
    if calibration is None or templates <= calibration.gallery_limit:
        return None
    return (
        f"保管庫のテンプレート数 {templates} が {model} の上限 {calibration.gallery_limit} を超えて"
        f"います。別人と誤照合する確率が 1% を超えます / the vault holds {templates} templates "
        f"of {model}, more than its gallery limit {calibration.gallery_limit}: the expected "
        "false-merge rate is now above 1 %; shorten the retention or raise the threshold"
    )


def vault_status(engine: Engine) -> VaultStatus:
    t, e = vault_templates, vault_exclusions
    with engine.connect() as connection:
        rows = connection.execute(select(t.c.model, func.count()).group_by(t.c.model))
        models: dict[str, int] = {model: count for model, count in rows}
        visitors = connection.execute(select(func.count(t.c.visitor_id.distinct()))).scalar_one()
        oldest, next_template = connection.execute(
            select(func.min(t.c.first_seen), func.min(t.c.expires_at))
        ).one()
        exclusions, next_exclusion = connection.execute(
            select(func.count(), func.min(e.c.expires_at))
        ).one()
        key_ids = sorted(
            connection.execute(select(vault_keys.c.master_key_id).distinct()).scalars()
        )
    expiries = [when for when in (next_template, next_exclusion) if when is not None]
    warnings = [w for m, n in sorted(models.items()) if (w := gallery_warning(m, n))]
    if len(key_ids) > 1:
        warnings.append(
            "保管庫のデータ鍵が複数のマスター鍵で包まれています / the vault's data keys are "
            f"wrapped by several master keys ({', '.join(key_ids)}); run `privacam vault rotate-key`"
        )
    return VaultStatus(
        templates=sum(models.values()),
        visitors=visitors,
        exclusions=exclusions,
        models=models,
        oldest_first_seen=_aware(oldest),
        next_expiry=_aware(min(expiries)) if expiries else None,
        master_key_ids=key_ids,
        warnings=warnings,
    )


def _aware(value: datetime | str | None) -> datetime | None:
    """An aggregate's time as an aware UTC datetime, whatever the driver returned."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite's stored text, should the column type be bypassed
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
