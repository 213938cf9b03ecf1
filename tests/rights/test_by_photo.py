"""Requests answered from a photo, on an in-memory vault: who matches, and what is done."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from privacam.policy.face_matching import CALIBRATIONS, MatchCalibration
from privacam.rights.by_photo import answer_by_photo
from privacam.rights.identify import identify, rights_threshold
from privacam.rights.letter_pdf import render_pdf
from privacam.rights.letters import render_html
from privacam.rights.photo_letters import answer_csv, answer_json, answer_letter
from privacam.rights.probe import ProbeError
from privacam.rights.requests import RequestLog, RequestState, RequestStateError

from .conftest import T0
from .fakes import FixedFaces, FixedFeature, MemoryVault, unit

ALICE, BOB = [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]
CAROL = [0.96, 0.28, 0.0, 0.0]  # cosine 0.96 to Alice: a lookalike
BETWEEN = [1.96, 0.28, 0.0, 0.0]  # Alice + Carol: ≈0.99 to both


def photo() -> bytes:
    image = np.full((120, 120, 3), 128, dtype=np.uint8)
    return cv2.imencode(".png", image)[1].tobytes()


@pytest.fixture
def vault() -> MemoryVault:
    vault = MemoryVault()
    vault.alice = vault.enrol(ALICE, seen_at=T0, visits=3)
    vault.bob = vault.enrol(BOB, seen_at=T0, visits=2)
    return vault


@pytest.fixture
def log(sqlite_store, spec, clock) -> RequestLog:
    return RequestLog(sqlite_store, spec, clock=clock)


def in_progress(log: RequestLog, kind: str) -> str:
    request = log.receive(kind)
    log.check_identity(request.request_id, method="photo ID")
    log.start(request.request_id)
    return request.request_id


def ask(log, vault, kind, feature, *, faces=1, image=None):
    return answer_by_photo(
        log,
        vault,
        in_progress(log, kind),
        image if image is not None else photo(),
        detector=FixedFaces(faces),
        embedder=FixedFeature(feature),
        threshold=0.9,
    )


def test_a_disclosure_contains_all_of_one_persons_visits_and_nothing_of_anyone_else(
    log, vault, spec
):
    answer = ask(log, vault, "disclosure", [0.99, 0.05, 0.0, 0.0])
    assert answer.identification.visitor_id == vault.alice
    assert [v.visitor_id for v in answer.visits] == [vault.alice] * 3
    document = json.loads(answer_json(answer, spec))
    assert len(document["visits"]) == 3 and vault.bob not in json.dumps(document)
    assert answer.request.state == RequestState.completed
    assert answer.request.outcome == {
        "match": "matched",
        "visitor_id": vault.alice,
        "visits_disclosed": 3,
    }


def test_a_probe_that_matches_no_one_discloses_nothing_and_says_why(log, vault, spec):
    answer = ask(log, vault, "disclosure", [0.0, 0.0, 1.0, 0.0])
    assert answer.identification.outcome == "no_match" and answer.visits == ()
    html = render_html(answer_letter(answer, spec, T0))
    assert "matched no face template we hold" in html and "一致しませんでした" in html
    assert answer_csv(answer, spec).decode("utf-8-sig").splitlines() == [
        "seen_at,store_id,camera_id,repeat,age_bracket,gender,visit_id"
    ]


def test_a_probe_between_two_visitors_within_the_margin_discloses_nothing(log, vault, spec):
    carol = vault.enrol(CAROL, seen_at=T0, visits=4)
    answer = ask(log, vault, "disclosure", BETWEEN)
    assert answer.identification.outcome == "ambiguous" and answer.visits == ()
    text = answer_json(answer, spec)
    assert vault.alice not in text and carol not in text
    assert "cannot tell which is yours" in text


def test_a_runner_up_below_the_threshold_still_makes_the_probe_ambiguous() -> None:
    vault = MemoryVault()
    vault.enrol(ALICE, seen_at=T0)
    vault.enrol([0.93, 0.37, 0.0, 0.0], seen_at=T0)  # cosine 0.93 to Alice
    probe = unit([0.99, 0.12, 0.0, 0.0])  # ≈0.993 to Alice, ≈0.966 to the other
    assert identify(vault, probe, threshold=0.98, margin=0.05).outcome == "ambiguous"
    assert vault.probes == [pytest.approx(0.93)]  # looked below the threshold, by the margin


def test_a_deletion_by_photo_deletes_that_persons_templates_and_visits_only(log, vault):
    answer = ask(log, vault, "deletion", ALICE)
    assert answer.deleted == {"templates": 1, "visits": 3}
    assert vault.alice not in vault.templates and vault.bob in vault.templates
    assert answer.request.outcome["deleted"] == {"templates": 1, "visits": 3}


def test_an_ambiguous_deletion_deletes_no_one(log, vault):
    vault.enrol(CAROL, seen_at=T0)
    answer = ask(log, vault, "deletion", BETWEEN)
    assert answer.deleted == {} and len(vault.templates) == 3


def test_an_opt_out_seals_an_exclusion_even_when_nothing_matches(log, vault, spec):
    answer = ask(log, vault, "opt_out", [0.0, 0.0, 0.0, 1.0])
    assert answer.exclusion_id and len(vault.exclusions) == 1
    assert answer.deleted == {} and len(vault.templates) == 2
    html = render_html(answer_letter(answer, spec, T0))
    assert "exclusion template" in html


def test_an_opt_out_of_a_known_visitor_also_deletes_what_is_held(log, vault):
    answer = ask(log, vault, "opt_out", BOB)
    assert answer.exclusion_id and answer.deleted == {"templates": 1, "visits": 2}


def test_a_request_whose_identity_was_not_checked_is_not_answered(log, vault):
    request = log.receive("disclosure")
    with pytest.raises(RequestStateError):
        answer_by_photo(
            log,
            vault,
            request.request_id,
            photo(),
            detector=FixedFaces(),
            embedder=FixedFeature(ALICE),
            threshold=0.9,
        )
    assert vault.probes == []  # not even matched


@pytest.mark.parametrize(("faces", "message"), [(0, "no face found"), (2, "shows 2 faces")])
def test_a_photo_must_show_exactly_one_face(log, vault, faces, message):
    with pytest.raises(ProbeError, match=message):
        ask(log, vault, "disclosure", ALICE, faces=faces)
    assert vault.probes == []


def test_an_unreadable_photo_is_refused_in_one_line(log, vault):
    with pytest.raises(ProbeError, match="not a readable image") as refused:
        ask(log, vault, "disclosure", ALICE, image=b"not an image at all")
    assert refused.value.exit_code == 2


def test_the_rights_threshold_is_raised_to_the_models_measured_safe_one(spec, monkeypatch):
    assert rights_threshold(spec, "some_model") == spec.case_settings.repeat.match_threshold
    monkeypatch.setitem(
        CALIBRATIONS,
        "some_model",
        MatchCalibration("some_model", 0.93, 0.9, 0.0, 100, 10, "test"),
    )
    # Raised only above the file's own threshold (the template's is dlib's measured 0.96).
    safe = spec.case_settings.repeat.match_threshold + 0.01
    monkeypatch.setitem(
        CALIBRATIONS, "some_model", MatchCalibration("some_model", safe, 0.9, 0.0, 100, 10, "test")
    )
    assert rights_threshold(spec, "some_model") == safe


def test_the_disclosure_letter_renders_as_html_and_pdf_in_both_languages(log, vault, spec):
    answer = ask(log, vault, "disclosure", ALICE)
    letter = answer_letter(answer, spec, T0)
    html = render_html(letter)
    assert html.count("<tr>") == 2 * (1 + 3 + 1 + len(spec.data_items))  # ja and en
    assert "開示請求へのご回答" in html and "short-lived data included" in html
    pdf = render_pdf(letter)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
