"""YuNet faces through OpenCV's own API (``cv2.FaceDetectorYN``), 5 landmarks per face."""

from __future__ import annotations

import os

import cv2
import numpy as np

from privacam.errors import InputError
from privacam.vision.boxes import clip_boxes
from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.session import mark_inference_started
from privacam.vision.models import ResolvedModel, as_resolved
from privacam.vision.types import FACE_CLASS_ID, Detections


class YunetFaceDetector:
    """Faces with YuNet; the input size follows each image, so no resizing is needed.

    ``top_k`` bounds the candidates kept before NMS. Faces smaller than about
    10 px are out of YuNet's reach: tile or upscale with :class:`TiledDetector`.
    """

    model_name = "yunet"

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        score_threshold: float = 0.6,
        nms_iou: float = 0.3,
        top_k: int = 5000,
    ) -> None:
        self.model = as_resolved(self.model_name, model)
        self.score_threshold = score_threshold
        self.nms_iou = nms_iou
        # OpenCV 5 warns that its new graph engine ignores DNN targets: true, and not actionable
        level = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        mark_inference_started()  # OpenCV's DNN threads: no fork() after this
        try:
            self._net = cv2.FaceDetectorYN.create(
                str(self.model.path), "", (320, 320), score_threshold, nms_iou, top_k
            )
        except cv2.error as error:
            raise InputError(
                f"cannot load model {self.model.name} from {self.model.path} with OpenCV: "
                f"{str(error).strip().splitlines()[-1][:200]}"
            ) from error
        finally:
            cv2.utils.logging.setLogLevel(level)
        self._size: tuple[int, int] | None = None

    def detect(self, image: np.ndarray) -> Detections:
        check_image(image)
        size = (image.shape[1], image.shape[0])
        if size != self._size:
            self._net.setInputSize(size)
            self._size = size
        _, faces = self._net.detect(image)
        if faces is None or len(faces) == 0:
            return Detections.empty()
        faces = np.asarray(faces, dtype=np.float32)
        xyxy = np.concatenate([faces[:, :2], faces[:, :2] + faces[:, 2:4]], axis=1)
        return Detections(
            xyxy=clip_boxes(xyxy, image.shape[:2]),
            scores=faces[:, 14],
            class_ids=np.full(len(faces), FACE_CLASS_ID),
            landmarks=faces[:, 4:14].reshape(-1, 5, 2),
        )
