"""The box arithmetic that detectors and tracking share (privacam.vision.boxes)."""

from __future__ import annotations

import numpy as np

from privacam.vision import boxes
from privacam.vision.detectors import geometry
from privacam.vision.tracking import bytetrack


def test_tracking_and_detectors_use_one_box_iou() -> None:
    assert bytetrack.box_iou is boxes.box_iou
    assert geometry.box_iou is boxes.box_iou


def test_box_iou_of_an_empty_set_keeps_the_other_dimension() -> None:
    # the tracker asks for IoU with no tracks or no detections every few frames
    some = np.array([[0, 0, 10, 10], [5, 5, 20, 20], [1, 1, 2, 2]], dtype=np.float32)
    assert boxes.box_iou(np.zeros((0, 4)), some).shape == (0, 3)
    assert boxes.box_iou(some, np.zeros((0, 4))).shape == (3, 0)


def test_box_iou_of_degenerate_boxes_is_zero_not_nan() -> None:
    point = np.array([[3, 3, 3, 3]], dtype=np.float32)
    assert boxes.box_iou(point, point).tolist() == [[0.0]]


def test_clip_boxes_keeps_boxes_inside_the_image_as_float32() -> None:
    clipped = boxes.clip_boxes(np.array([[-4.0, 7.0, 900.0, 500.0]]), (480, 640))
    assert clipped.dtype == np.float32
    assert clipped.tolist() == [[0.0, 7.0, 640.0, 480.0]]
