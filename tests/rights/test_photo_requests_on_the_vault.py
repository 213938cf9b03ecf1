"""Done means, on the real vault and face models: the dlib_johns crops are the people.

Five people are enrolled from one crop each and given visits over several days; they
then come back with another crop of theirs as the photo of a request.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from privacam.errors import InputError
from privacam.records import RepeatVisit, new_visit_id
from privacam.rights.by_photo import answer_by_photo
from privacam.rights.identify import rights_threshold
from privacam.rights.photo_letters import answer_json
from privacam.rights.requests import RequestLog
from privacam.store import Store
from privacam.store import tables as store_tables

from .conftest import T0

pytestmark = pytest.mark.assets

vault_module = pytest.importorskip("privacam.store.vault", reason="needs the vault (issue 12)")
MODEL = "mobilefacenet"  # in the test assets; dlib's descriptor when privacam[faces] is there


@pytest.fixture(scope="module")
def tools(models_dir):
    from privacam.rights.photo_setup import photo_tools

    try:
        return photo_tools(MODEL)
    except InputError as missing:
        pytest.skip(f"face models missing: {missing}")


@pytest.fixture(scope="module")
def people(media_dir: Path) -> dict[str, list[bytes]]:
    """Each John's crops as the bytes of their JPEG files (11 each)."""
    folders = sorted(p for p in (media_dir / "dlib_johns").iterdir() if p.is_dir())
    return {f.name: [p.read_bytes() for p in sorted(f.iterdir())] for f in folders}


def feature_of(tools, photo: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    return tools.embedder.embed(image, tools.detector.detect(image))[0]


@pytest.fixture
def enrolled(sqlite_store: Store, spec, tools, people):
    """Vault with each John enrolled from his first crop, with three visits each."""
    vault = vault_module.Vault.for_deployment(sqlite_store, spec, model=tools.model)
    store_id = spec.case_settings.repeat.stores[0]
    visitors = {}
    for name, crops in people.items():
        visitor = vault.enrol(feature_of(tools, crops[0]), store_id=store_id, seen_at=T0)
        sqlite_store.write(
            [
                RepeatVisit(
                    visit_id=new_visit_id(),
                    visitor_id=visitor,
                    store_id=store_id,
                    camera_id="entrance",
                    seen_at=T0 + timedelta(days=day),
                    repeat=day > 0,
                )
                for day in range(3)
            ]
        )
        visitors[name] = visitor
    return vault, visitors


def ask(sqlite_store, spec, clock, vault, tools, kind, photo):
    log = RequestLog(sqlite_store, spec, clock=clock)
    request = log.receive(kind)
    log.check_identity(request.request_id, method="photo ID at the desk")
    log.start(request.request_id)
    return answer_by_photo(
        log,
        vault,
        request.request_id,
        photo,
        detector=tools.detector,
        embedder=tools.embedder,
        threshold=rights_threshold(spec, tools.model),
        store=sqlite_store,
    )


def test_a_disclosure_export_for_one_person_has_all_their_visits_and_nothing_else(
    sqlite_store, spec, clock, tools, people, enrolled
):
    vault, visitors = enrolled
    name = sorted(people)[1]
    answer = ask(sqlite_store, spec, clock, vault, tools, "disclosure", people[name][10])
    assert answer.identification.outcome == "matched"
    assert answer.identification.visitor_id == visitors[name]
    exported = answer_json(answer, spec)
    assert [v["visitor_id"] for v in json.loads(exported)["visits"]] == [visitors[name]] * 3
    others = [v for n, v in visitors.items() if n != name]
    assert not any(other in exported for other in others)


def test_deletion_by_photo_removes_that_persons_templates_and_visits_and_is_audited(
    sqlite_store, spec, clock, tools, people, enrolled
):
    vault, visitors = enrolled
    name = sorted(people)[2]
    answer = ask(sqlite_store, spec, clock, vault, tools, "deletion", people[name][7])
    assert answer.deleted == {"templates": 1, "visits": 3}
    assert answer.residue is not None and answer.residue.clean
    assert answer.residue.files_scanned  # the database file at least
    assert sqlite_store.count(RepeatVisit, visitor_id=visitors[name]) == 0
    assert sqlite_store.count(RepeatVisit) == 3 * (len(people) - 1)
    with sqlite_store.engine.connect() as connection:
        left = connection.execute(
            select(func.count()).select_from(store_tables.vault_templates)
        ).scalar_one()
    assert left == len(people) - 1
    audit = [(e.action, e.subject) for e in sqlite_store.audit.entries()]
    assert ("vault.delete", visitors[name]) in audit
    assert audit[-1] == ("request.completed", answer.request.request_id)
    assert sqlite_store.verify_audit().ok


def test_after_an_opt_out_by_photo_a_later_capture_of_that_person_is_excluded(
    sqlite_store, spec, clock, tools, people, enrolled
):
    vault, visitors = enrolled
    name = sorted(people)[3]
    answer = ask(sqlite_store, spec, clock, vault, tools, "opt_out", people[name][5])
    assert answer.exclusion_id
    assert sqlite_store.count(RepeatVisit, visitor_id=visitors[name]) == 0
    threshold = rights_threshold(spec, tools.model)
    later = feature_of(tools, people[name][8])
    assert vault.is_excluded(later, threshold=threshold)
    someone_else = feature_of(tools, people[sorted(people)[0]][8])
    assert not vault.is_excluded(someone_else, threshold=threshold)
