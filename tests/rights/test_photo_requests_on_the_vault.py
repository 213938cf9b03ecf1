"""Done means, on the real vault and face models: the dlib_johns crops are the people.

Five people are enrolled from one crop each and given visits over several days; they
then come back with another crop of theirs as the photo of a request.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
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

#: Visits of the last days: templates expire a retention after the first visit, by the clock.
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)

pytestmark = pytest.mark.assets

vault_module = pytest.importorskip("privacam.store.vault", reason="needs the vault (issue 12)")
MODEL = "dlib_resnet"  # the default descriptor (privacam[faces])
#: Measured here with dlib's descriptor on dlib_johns, each crop against the person's first:
#: same person ≥ 0.939, different people ≤ 0.894 (cosine). The template's 0.6 is far looser;
#: rights answers raise it further to the model's calibrated safe threshold (0.96 for dlib).
THRESHOLD = 0.92


@pytest.fixture
def spec(spec):
    """The repeat template, its threshold set from the figures above."""
    settings = spec.case_settings.model_copy(
        update={
            "repeat": spec.case_settings.repeat.model_copy(update={"match_threshold": THRESHOLD})
        }
    )
    return spec.model_copy(update={"case_settings": settings})


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
    theirs = {v.visit_id for v in sqlite_store.read(RepeatVisit) if v.visitor_id == visitors[name]}
    assert len(theirs) == 3
    assert [v["visit_id"] for v in json.loads(exported)["visits"]] == sorted(
        theirs, key=[v.visit_id for v in sqlite_store.read(RepeatVisit)].index
    )
    assert json.loads(exported)["visitor_id"] == visitors[name]
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


def test_an_opted_out_persons_later_visits_make_no_row_through_the_gallery(
    sqlite_store, spec, clock, tools, people, enrolled
):
    from privacam.store.vault_gallery import VaultGallery

    vault, _ = enrolled
    name = sorted(people)[3]
    ask(sqlite_store, spec, clock, vault, tools, "opt_out", people[name][5])
    rows = sqlite_store.count(RepeatVisit)
    # What case ③ does with each face a later run reads, through the port it is given:
    # an excluded face is dropped before matching or enrolment.
    with VaultGallery.for_deployment(sqlite_store, spec, model=tools.model) as gallery:
        for crop in people[name][6:]:
            feature = feature_of(tools, crop)
            if gallery.is_excluded(feature):
                continue
            match = gallery.match(feature)
            visitor_id = (
                match.visitor_id
                if match
                else gallery.enrol(
                    feature, seen_at=T0, store_id=spec.case_settings.repeat.stores[0]
                )
            )
            sqlite_store.write([_visit(visitor_id, spec)])
    assert sqlite_store.count(RepeatVisit) == rows
    assert vault.status().templates == len(people) - 1


def _visit(visitor_id: str, spec) -> RepeatVisit:
    return RepeatVisit(
        visit_id=new_visit_id(),
        visitor_id=visitor_id,
        store_id=spec.case_settings.repeat.stores[0],
        camera_id="entrance",
        seen_at=T0 + timedelta(days=5),
        repeat=True,
    )


def test_the_residue_check_finds_the_bytes_of_a_template_still_held(sqlite_store, people, enrolled):
    from privacam.rights.residue import residue, template_bytes

    _, visitors = enrolled
    held = template_bytes(sqlite_store, visitors[sorted(people)[0]])
    assert len(held.template_ids) == 1 and len(held.needles) == 2  # ciphertext, wrapped key
    sqlite_store.checkpoint()  # into the main file, where the deletion test looks too
    report = residue(sqlite_store, held)
    assert not report.clean and report.keys_left == 1
    assert str(sqlite_store.path) in report.found_in


def test_a_case_3_answer_on_the_command_line_reads_the_photo_and_writes_only_the_answer(
    tmp_path, capsys, monkeypatch, tools, people
):
    from privacam.policy.loader import load_spec
    from privacam.store import open_store
    from tests.helpers.cli import run

    monkeypatch.setenv("CAMERA_PASSWORD", "pw")
    path = tmp_path / "privacam.yaml"
    assert run(capsys, "init", "--case", "repeat", "-o", str(path))[0] == 0
    text = path.read_text(encoding="utf-8").replace(
        "match_threshold: 0.6", f"match_threshold: {THRESHOLD}"
    )
    path.write_text(text, encoding="utf-8")
    loaded = load_spec(path)
    name = sorted(people)[4]
    with open_store(loaded) as store:
        vault = vault_module.Vault.for_deployment(store, loaded.spec, model=MODEL)
        store_id = loaded.spec.case_settings.repeat.stores[0]
        vault.enrol(feature_of(tools, people[name][0]), store_id=store_id, seen_at=T0)
    photo = tmp_path / "submitted.jpg"
    photo.write_bytes(people[name][6])
    code, out, err = run(capsys, "rights", "receive", str(path), "--kind", "disclosure")
    request = out.split()[0]
    run(capsys, "rights", "check-identity", str(path), request, "--method", "photo ID")
    run(capsys, "rights", "start", str(path), request)
    before = sorted(p.name for p in tmp_path.iterdir())
    answer = tmp_path / "answer.pdf"
    code, out, err = run(
        capsys,
        "rights",
        "answer",
        str(path),
        request,
        "--photo",
        str(photo),
        "--format",
        "pdf",
        "-o",
        str(answer),
    )
    assert code == 0, err
    assert "match: matched" in out and answer.read_bytes().startswith(b"%PDF")
    assert photo.read_bytes() == people[name][6]
    after = sorted(p.name for p in tmp_path.iterdir())
    assert set(after) - set(before) == {"answer.pdf"}
