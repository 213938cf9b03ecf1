"""Detector building blocks without model files: letterbox, NMS, decoding, tiling, bad input."""

from __future__ import annotations

from itertools import pairwise, product
from pathlib import Path

import cv2
import numpy as np
import pytest

from privacam.errors import InputError
from privacam.vision.detectors import (
    FlipAugmented,
    Letterbox,
    PlatesInVehicles,
    TiledDetector,
    YoloxDetector,
    box_iou,
    check_image,
    nms,
)
from privacam.vision.detectors.lpd_yunet import MIN_SIZES, STEPS, lpd_priors
from privacam.vision.detectors.nanodet import decode_distances, nanodet_centres
from privacam.vision.detectors.session import create_session
from privacam.vision.detectors.tiling import tile_origins
from privacam.vision.detectors.yolox import decode_yolox, yolox_grids
from privacam.vision.models import InputSpec, Licence, ModelEntry, ResolvedModel
from privacam.vision.types import Detections


@pytest.mark.parametrize("source_hw", [(480, 640), (720, 1280), (731, 1441), (100, 37), (416, 416)])
@pytest.mark.parametrize("centre", [False, True])
def test_letterbox_round_trip_maps_boxes_back_exactly(
    source_hw: tuple[int, int], centre: bool
) -> None:
    box = Letterbox.fit(source_hw, (416, 416), centre=centre)
    height, width = source_hw
    boxes = np.array([[0, 0, width, height], [3.5, 7.25, 20, 30]], dtype=np.float32)
    np.testing.assert_allclose(box.to_source(box.to_input(boxes)), boxes, rtol=0, atol=1e-3)
    corners = box.to_input(np.array([[0, 0, width, height]], dtype=np.float32))[0]
    assert corners[2] <= 416 + 1e-3 and corners[3] <= 416 + 1e-3
    assert max(corners[2] - corners[0], corners[3] - corners[1]) == pytest.approx(416, abs=1)


def test_letterbox_places_image_top_left_and_pads_with_114() -> None:
    image = np.full((240, 320, 3), 7, dtype=np.uint8)
    box = Letterbox.fit(image.shape[:2], (416, 416))
    out = box.apply(image)
    assert out.shape == (416, 416, 3) and box.pad == (0, 0) and box.resized == (416, 312)
    assert (out[:312] == 7).all() and (out[312:] == 114).all()


def test_nms_is_class_wise() -> None:
    boxes = np.array([[0, 0, 100, 200], [5, 5, 100, 200], [2, 2, 98, 198]], dtype=np.float32)
    scores = np.array([0.9, 0.8, 0.7], dtype=np.float32)
    assert nms(boxes, scores, 0.5, np.array([0, 1, 0])).tolist() == [0, 1]
    assert nms(boxes, scores, 0.5).tolist() == [0]
    assert nms(np.zeros((0, 4)), np.zeros(0), 0.5).tolist() == []


def test_box_iou_known_values() -> None:
    iou = box_iou(np.array([[0, 0, 10, 10], [0, 0, 0, 0]]), np.array([[5, 0, 15, 10]]))
    assert iou[0, 0] == pytest.approx(1 / 3) and iou[1, 0] == 0


def test_yolox_decoding_matches_the_reference_loop() -> None:
    grids = yolox_grids((416, 416))
    assert grids.shape == (3549, 3)
    rng = np.random.default_rng(0)
    raw = rng.normal(size=(3549, 85)).astype(np.float32)
    xyxy, scores = decode_yolox(raw, grids)
    index = 0
    for stride in (8, 16, 32):
        side = 416 // stride
        for gy, gx in product(range(side), range(side)):
            if index % 97 == 0:  # sample the cells: the loop is the slow reference
                cx, cy = (raw[index, 0] + gx) * stride, (raw[index, 1] + gy) * stride
                w, h = np.exp(raw[index, 2]) * stride, np.exp(raw[index, 3]) * stride
                expected = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]
                np.testing.assert_allclose(xyxy[index], expected, rtol=1e-5)
                np.testing.assert_allclose(scores[index], raw[index, 4] * raw[index, 5:], rtol=1e-6)
            index += 1
    assert index == 3549


def test_lpd_priors_match_the_opencv_zoo_order() -> None:
    width, height = 320, 240
    fh, fw = (height + 1) // 2 // 2, (width + 1) // 2 // 2
    expected = []
    for min_sizes, step in zip(MIN_SIZES, STEPS, strict=True):
        fh, fw = fh // 2, fw // 2
        for i, j in product(range(fh), range(fw)):
            for size in min_sizes:
                cx, cy = (j + 0.5) * step / width, (i + 0.5) * step / height
                expected.append([cx, cy, size / width, size / height])
    np.testing.assert_allclose(lpd_priors((width, height)), np.array(expected), rtol=1e-6)
    assert len(expected) == 4385  # the model's loc/conf/iou row count


class WhiteBoxes:
    """A stand-in detector: bounding boxes of white blobs, score 1, class 0."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def detect(self, image: np.ndarray) -> Detections:
        self.calls.append(image.shape[:2])
        mask = (image[:, :, 0] > 127).astype(np.uint8)
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        xywh = stats[1:count, :4].astype(np.float32)
        xyxy = np.concatenate([xywh[:, :2], xywh[:, :2] + xywh[:, 2:]], axis=1)
        return Detections(xyxy=xyxy, scores=np.ones(len(xyxy)), class_ids=np.zeros(len(xyxy)))


def _canvas(boxes: list[tuple[int, int, int, int]], size: tuple[int, int] = (400, 1000)):
    image = np.zeros((*size, 3), dtype=np.uint8)
    for x0, y0, x1, y1 in boxes:
        image[y0:y1, x0:x1] = 255
    return image


def test_tile_origins_cover_the_image_with_overlap() -> None:
    for length, tile, overlap in [(1000, 400, 120), (1280, 640, 160), (641, 640, 10)]:
        origins = tile_origins(length, tile, overlap)
        assert origins[0] == 0 and origins[-1] + tile == length
        assert all(b - a <= tile - overlap for a, b in pairwise(origins))


@pytest.mark.parametrize("full_frame", [True, False])
def test_tiling_merges_duplicates_across_tile_seams(full_frame: bool) -> None:
    truth = [(350, 100, 450, 300), (50, 20, 90, 80), (905, 300, 1000, 400)]  # one on a seam
    detector = WhiteBoxes()
    tiled = TiledDetector(
        detector, tile_size=(400, 400), overlap=0.3, include_full_frame=full_frame
    )
    found = tiled.detect(_canvas(truth))
    assert sorted(found.xyxy.astype(int).tolist()) == sorted(list(b) for b in truth)
    assert len(detector.calls) == 4 + int(full_frame)


def test_tiling_shifts_landmarks_with_boxes() -> None:
    class WithLandmarks(WhiteBoxes):
        def detect(self, image: np.ndarray) -> Detections:
            found = super().detect(image)
            return Detections(
                xyxy=found.xyxy,
                scores=found.scores,
                class_ids=found.class_ids,
                landmarks=found.xyxy.reshape(-1, 2, 2),
            )

    found = TiledDetector(WithLandmarks(), 400, 0.3, include_full_frame=False).detect(
        _canvas([(650, 100, 700, 150)])
    )
    assert found.landmarks is not None
    np.testing.assert_array_equal(found.landmarks.reshape(-1, 4), found.xyxy)
    assert found.xyxy.tolist() == [[650, 100, 700, 150]]


def test_plates_in_vehicles_maps_crop_boxes_back() -> None:
    class OneCar:
        def detect(self, image: np.ndarray) -> Detections:
            return Detections(xyxy=[[200, 100, 600, 300]], scores=[0.9], class_ids=[2])

    plate_detector = WhiteBoxes()
    search = PlatesInVehicles(OneCar(), plate_detector, enlarge=0.1)
    image = _canvas([(380, 250, 440, 280)], size=(720, 1280))
    found = search.detect(image)
    assert found.xyxy.tolist() == [[380, 250, 440, 280]]
    assert plate_detector.calls == [(240, 480)]  # (300-100)*1.2 by (600-200)*1.2


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((10, 10), np.uint8),
        np.zeros((10, 10, 3), np.float32),
        np.zeros((0, 5, 3), np.uint8),
    ],
)
def test_bad_images_are_input_errors(bad: np.ndarray) -> None:
    with pytest.raises(InputError, match="BGR uint8"):
        check_image(bad)


def test_garbage_onnx_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.onnx"
    path.write_bytes(b"\x08\x07" + b"garbage" * 100)
    entry = ModelEntry(
        "broken", "t", "broken.onnx", None, frozenset(), Licence("MIT", True), InputSpec((), "", "")
    )
    with pytest.raises(InputError, match="cannot load model broken"):
        create_session(ResolvedModel(entry, path, "0" * 64, "explicit"))


def test_detector_with_truncated_model_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "yolox_nano.onnx"
    path.write_bytes(b"\x08\x07" * 1000)
    with pytest.raises(InputError, match="not an accepted digest"):
        YoloxDetector(path)
    with pytest.raises(InputError, match="does not exist"):
        YoloxDetector(tmp_path / "absent.onnx")


def test_flip_augmentation_maps_mirrored_boxes_back() -> None:
    class LeftHalfOnly(WhiteBoxes):
        """Sees only blobs in the left half: the mirrored pass must find the right-hand one."""

        def detect(self, image: np.ndarray) -> Detections:
            found = super().detect(image)
            return found[found.xyxy[:, 2] <= image.shape[1] / 2]

    truth = [(100, 50, 160, 200), (700, 120, 760, 300)]
    found = FlipAugmented(LeftHalfOnly()).detect(_canvas(truth))
    assert sorted(found.xyxy.astype(int).tolist()) == sorted(list(b) for b in truth)


def test_nanodet_distance_decoding_is_the_softmax_expectation() -> None:
    logits = np.full((1, 32), -50.0, dtype=np.float32)
    logits[0, [3, 8 + 0, 16 + 7, 24 + 2]] = 50.0  # one-hot bins 3, 0, 7, 2
    np.testing.assert_allclose(decode_distances(logits), [[3, 0, 7, 2]], atol=1e-4)
    uniform = decode_distances(np.zeros((2, 32), dtype=np.float32))
    np.testing.assert_allclose(uniform, np.full((2, 4), 3.5), atol=1e-5)
    centres = nanodet_centres((416, 416))
    assert centres.shape == (3549, 3) and centres[-1].tolist() == [399.5, 399.5, 32.0]


@pytest.mark.parametrize(("size", "overlap"), [(416, 1.0), (416, 416), (8, 0.25), (416, -0.1)])
def test_tiling_rejects_sizes_that_cannot_tile(size: int, overlap: float) -> None:
    with pytest.raises(InputError, match="tile"):
        TiledDetector(WhiteBoxes(), size, overlap)


def test_yunet_with_an_unreadable_model_is_an_input_error(tmp_path: Path) -> None:
    from privacam.vision.detectors import YunetFaceDetector
    from privacam.vision.models import get_entry

    path = tmp_path / "face_detection_yunet_2023mar.onnx"
    path.write_bytes(b"\x08\x07" + b"garbage" * 100)
    model = ResolvedModel(get_entry("yunet"), path, "0" * 64, "explicit")
    with pytest.raises(InputError, match="cannot load model yunet"):
        YunetFaceDetector(model)
