"""YuNet faces through ONNX Runtime, decoded as OpenCV's ``cv2.FaceDetectorYN`` does.

The same model file, the same faces: on this project's 2-core machine OpenCV 5's
DNN (either engine) took 17 ms for a 640x480 frame on one thread, ONNX Runtime
8.5 ms. The file declares a fixed 640x640 input; its dims are made symbolic at
load (:func:`~privacam.vision.detectors.onnx_dims.symbolic_dims`) so that, as in
OpenCV, each image runs at its own size, padded at the bottom and right to a
multiple of 32. Decoding and NMS follow OpenCV's ``face_detect.cpp``: score
sqrt(cls x obj) clamped to [0, 1], centre offsets and log sizes per cell at
strides 8, 16 and 32, five landmarks, NMS on integer boxes (``cv2.dnn.NMSBoxes``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import cv2
import numpy as np

from privacam.vision.boxes import clip_boxes
from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.onnx_dims import symbolic_dims
from privacam.vision.detectors.session import create_session
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import FACE_CLASS_ID, Detections

STRIDES = (8, 16, 32)


class YunetOrtFaceDetector:
    """Faces with YuNet on ONNX Runtime; same interface and output as :class:`YunetFaceDetector`."""

    model_name = "yunet"

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        score_threshold: float = 0.6,
        nms_iou: float = 0.3,
        top_k: int = 5000,
        providers: Sequence[str] | None = None,
        intra_op_num_threads: int | None = None,
    ) -> None:
        self.model = as_resolved(self.model_name, model)
        self.session = create_session(
            self.model,
            providers=providers,
            intra_op_num_threads=intra_op_num_threads,
            model_bytes=symbolic_dims(self.model.path.read_bytes()),
        )
        self.input_name = self.session.get_inputs()[0].name
        self.output_names = [
            f"{kind}_{stride}" for kind in ("cls", "obj", "bbox", "kps") for stride in STRIDES
        ]
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou
        self.top_k = top_k
        self._cells: dict[tuple[int, int], list[np.ndarray]] = {}

    def cells(self, pad_hw: tuple[int, int]) -> list[np.ndarray]:
        """Per stride, ``(N, 2)`` float32 (column, row) of each cell, row-major."""
        if pad_hw not in self._cells:
            grids = []
            for stride in STRIDES:
                rows, cols = pad_hw[0] // stride, pad_hw[1] // stride
                ys, xs = np.mgrid[0:rows, 0:cols]
                grids.append(np.stack([xs.ravel(), ys.ravel()], 1).astype(np.float32))
            self._cells[pad_hw] = grids
        return self._cells[pad_hw]

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        height, width = image.shape[:2]
        pad_h, pad_w = -(-height // 32) * 32, -(-width // 32) * 32
        blob = np.zeros((1, 3, pad_h, pad_w), dtype=np.float32)
        blob[0, :, :height, :width] = image.transpose(2, 0, 1)
        outputs = self.session.run(self.output_names, {self.input_name: blob})
        faces = self._decode(outputs, (pad_h, pad_w))
        if len(faces) == 0:
            return Detections.empty()
        xyxy = np.concatenate([faces[:, :2], faces[:, :2] + faces[:, 2:4]], axis=1)
        return Detections(
            xyxy=clip_boxes(xyxy, image.shape[:2]),
            scores=faces[:, 14],
            class_ids=np.full(len(faces), FACE_CLASS_ID),
            landmarks=faces[:, 4:14].reshape(-1, 5, 2),
        )

    def _decode(self, outputs: list[np.ndarray], pad_hw: tuple[int, int]) -> np.ndarray:
        """``(N, 15)`` rows as ``FaceDetectorYN.detect`` returns them, kept by NMS."""
        n = len(STRIDES)
        rows = []
        for i, (stride, cells) in enumerate(zip(STRIDES, self.cells(pad_hw), strict=True)):
            cls, obj = outputs[i][0, :, 0], outputs[n + i][0, :, 0]
            scores = np.sqrt(np.clip(cls, 0, 1) * np.clip(obj, 0, 1))
            keep = scores >= self.score_threshold
            if not keep.any():
                continue
            bbox, kps, at = outputs[2 * n + i][0, keep], outputs[3 * n + i][0, keep], cells[keep]
            centre = (at + bbox[:, :2]) * stride
            size = np.exp(bbox[:, 2:4]) * stride
            points = (kps.reshape(-1, 5, 2) + at[:, None, :]) * stride
            rows.append(np.c_[centre - size / 2, size, points.reshape(-1, 10), scores[keep]])
        if not rows:
            return np.zeros((0, 15), dtype=np.float32)
        faces = np.concatenate(rows).astype(np.float32)
        if len(faces) == 1:
            return faces
        boxes = faces[:, :4].astype(np.int32).tolist()  # OpenCV's NMS runs on Rect2i
        keep_idx = cv2.dnn.NMSBoxes(
            boxes, faces[:, 14].tolist(), self.score_threshold, self.nms_iou, top_k=self.top_k
        )
        return faces[np.asarray(keep_idx, dtype=np.int64).reshape(-1)]
