"""The incident register: leaks recorded, assessed and updated, each step audited.

The facts go in with :meth:`IncidentRegister.record` (``incident.new``), the
decision of :func:`privacam.policy.incidents.assess` is stored with its deadlines by
:meth:`IncidentRegister.assess` (``incident.assess``), and items 5-9 of the report
are filled in as the response goes on (``incident.update``). The data items named
must be the deployment's own: their data classes come from the file, so an incident
cannot call face features "statistics".
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from privacam.errors import InputError
from privacam.policy.incidents import Encryption, IncidentDecision, IncidentFacts, assess
from privacam.policy.spec import Deployment
from privacam.rights.ledger import Ledger
from privacam.store.ledger_tables import incidents

#: Items 5-9 of Rule Art. 8(1), as the register's column names.
NARRATIVE_FIELDS = ("secondary_damage", "response_to_people", "publication", "prevention", "other")


@dataclass(frozen=True)
class Incident:
    """One recorded incident: its facts, the report's narrative items, the last decision."""

    incident_id: str
    recorded_at: datetime
    occurred_at: datetime | None
    discovered_at: datetime
    summary: str
    cause: str
    data_items: tuple[str, ...]
    data_classes: tuple[str, ...]
    people: int
    encryption: str | None
    key_leaked: bool
    sensitive: bool
    financial_harm: bool
    wrongful_purpose: bool
    secondary_damage: str | None = None
    response_to_people: str | None = None
    publication: str | None = None
    prevention: str | None = None
    other: str | None = None
    assessed_at: datetime | None = None
    reportable: bool | None = None

    @property
    def facts(self) -> IncidentFacts:
        encryption = (
            Encryption(self.encryption, key_leaked=self.key_leaked) if self.encryption else None
        )
        return IncidentFacts(
            data_classes=self.data_classes,
            people=self.people,
            encryption=encryption,
            discovered_at=self.discovered_at,
            sensitive=self.sensitive,
            financial_harm=self.financial_harm,
            wrongful_purpose=self.wrongful_purpose,
        )


def data_classes_of(spec: Deployment, items: Sequence[str]) -> tuple[str, ...]:
    """The data classes of the named data items, refusing a name the file does not declare."""
    if not items:
        raise InputError(
            "漏えい等したデータ項目を --data-item で指定してください / name the data items "
            "involved with --data-item (keys of the deployment's data_items)"
        )
    declared = {item.key: item.data_class.value for item in spec.data_items}
    unknown = [key for key in items if key not in declared]
    if unknown:
        raise InputError(
            f"データ項目 {', '.join(unknown)} は配置ファイルにありません / data item(s) "
            f"{', '.join(unknown)} are not in the deployment; use one of: "
            f"{', '.join(sorted(declared))}"
        )
    return tuple(sorted({declared[key] for key in items}))


class IncidentRegister(Ledger):
    def record(
        self,
        *,
        summary: str,
        cause: str,
        data_items: Sequence[str],
        people: int,
        discovered_at: datetime,
        occurred_at: datetime | None = None,
        encryption: str | None = None,
        key_leaked: bool = False,
        sensitive: bool = False,
        financial_harm: bool = False,
        wrongful_purpose: bool = False,
        actor: str | None = None,
        **narrative: str | None,
    ) -> Incident:
        """Record a new incident (``incident.new``); assess it with :meth:`assess`."""
        if people < 0:
            raise InputError(f"本人の数 {people} は負です / --people {people} is negative")
        if occurred_at is not None and occurred_at > discovered_at:
            raise InputError(
                "発生日時が発覚日時より後です / --occurred is after --discovered; check both"
            )
        _check_narrative(narrative)
        row = {
            "incident_id": str(uuid.uuid4()),
            "recorded_at": self.clock(),
            "occurred_at": occurred_at,
            "discovered_at": discovered_at,
            "summary": summary,
            "cause": cause,
            "data_items": sorted(set(data_items)),
            "data_classes": list(data_classes_of(self.spec, data_items)),
            "people": people,
            "encryption": encryption or None,
            "key_leaked": key_leaked,
            "sensitive": sensitive,
            "financial_harm": financial_harm,
            "wrongful_purpose": wrongful_purpose,
            **{name: narrative.get(name) for name in NARRATIVE_FIELDS},
        }
        with self.store.transaction() as tx:
            tx.connection.execute(incidents.insert().values(**row))
            tx.audit(
                "incident.new",
                row["incident_id"],
                {
                    "data_items": row["data_items"],
                    "data_classes": row["data_classes"],
                    "people": people,
                    "encrypted": encryption or None,
                    "discovered_at": discovered_at,
                },
                actor=actor,
            )
        return self.get(row["incident_id"])

    def assess(self, incident_id: str, *, actor: str | None = None) -> IncidentDecision:
        """Decide reportability and deadlines, store them and audit the decision."""
        incident = self.get(incident_id)
        decision = assess(incident.facts, self.spec.timezone)
        with self.store.transaction() as tx:
            tx.connection.execute(
                update(incidents)
                .where(incidents.c.incident_id == incident_id)
                .values(
                    assessed_at=self.clock(),
                    reportable=decision.reportable,
                    preliminary_due=decision.preliminary_due,
                    final_due=decision.final_due,
                )
            )
            tx.audit(
                "incident.assess",
                incident_id,
                {
                    "reportable": decision.reportable,
                    "grounds": [r.code for r in decision.reasons],
                    "exemption": decision.exemption.code if decision.exemption else None,
                    "preliminary_due": decision.preliminary_due,
                    "final_due": decision.final_due,
                },
                actor=actor,
            )
        return decision

    def update(self, incident_id: str, *, actor: str | None = None, **narrative: str) -> Incident:
        """Fill in items 5-9 of the report as they become known (``incident.update``)."""
        _check_narrative(narrative)
        changes = {k: v for k, v in narrative.items() if v is not None}
        if not changes:
            raise InputError(
                "更新する項目がありません / nothing to update; give at least one of "
                + ", ".join("--" + name.replace("_", "-") for name in NARRATIVE_FIELDS)
            )
        self.get(incident_id)
        with self.store.transaction() as tx:
            tx.connection.execute(
                update(incidents).where(incidents.c.incident_id == incident_id).values(**changes)
            )
            tx.audit("incident.update", incident_id, {"fields": sorted(changes)}, actor=actor)
        return self.get(incident_id)

    def audit_draft(self, incident_id: str, stage: str, *, actor: str | None = None) -> None:
        """Audit that a report or notice draft was rendered (``incident.report``)."""
        self.get(incident_id)
        self.store.audit.append("incident.report", incident_id, {"stage": stage}, actor=actor)

    def get(self, incident_id: str) -> Incident:
        with self.store.engine.connect() as connection:
            found = _load(connection, incident_id)
        if found is None:
            raise InputError(
                f"インシデント {incident_id} はありません / no incident {incident_id}; "
                "`privacam incident list` shows them"
            )
        return found

    def incidents(self) -> list[Incident]:
        """Every incident, by discovery time."""
        with self.store.engine.connect() as connection:
            ids = connection.execute(
                select(incidents.c.incident_id).order_by(incidents.c.discovered_at)
            ).scalars()
            return [found for i in list(ids) if (found := _load(connection, i)) is not None]


def _check_narrative(narrative: dict[str, Any]) -> None:
    unknown = sorted(set(narrative) - set(NARRATIVE_FIELDS))
    if unknown:
        raise TypeError(f"unknown report item(s): {', '.join(unknown)}")


def _load(connection: Connection, incident_id: str) -> Incident | None:
    row = connection.execute(
        select(incidents).where(incidents.c.incident_id == incident_id)
    ).first()
    if row is None:
        return None
    m = dict(row._mapping)
    for name in ("preliminary_due", "final_due"):
        m.pop(name)
    m["data_items"] = tuple(m["data_items"])
    m["data_classes"] = tuple(m["data_classes"])
    return Incident(**m)
