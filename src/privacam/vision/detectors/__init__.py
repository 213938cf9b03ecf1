"""Detectors: BGR image in, :class:`~privacam.vision.types.Detections` out.

Every detector has ``detect(image) -> Detections`` and takes its thresholds in
its constructor. Wrappers compose them: :class:`TiledDetector` for small
objects in large frames, :class:`PlatesInVehicles` for a second pass inside
vehicle boxes.

>>> from privacam.vision.detectors import TiledDetector, YoloxDetector
>>> people = TiledDetector(YoloxDetector(), tile_size=416)  # doctest: +SKIP
"""

from privacam.vision.detectors.augment import FlipAugmented
from privacam.vision.detectors.base import Detector, check_image
from privacam.vision.detectors.centerface import CenterFaceDetector
from privacam.vision.detectors.geometry import Letterbox, box_iou, nms
from privacam.vision.detectors.lpd_yunet import LpdYunetDetector
from privacam.vision.detectors.nanodet import NanoDetDetector
from privacam.vision.detectors.tiling import TiledDetector
from privacam.vision.detectors.vehicle_plates import PlatesInVehicles
from privacam.vision.detectors.yolox import YoloxDetector
from privacam.vision.detectors.yunet import YunetFaceDetector
from privacam.vision.detectors.yunet_ort import YunetOrtFaceDetector

__all__ = [
    "CenterFaceDetector",
    "Detector",
    "FlipAugmented",
    "Letterbox",
    "LpdYunetDetector",
    "NanoDetDetector",
    "PlatesInVehicles",
    "TiledDetector",
    "YoloxDetector",
    "YunetFaceDetector",
    "YunetOrtFaceDetector",
    "box_iou",
    "check_image",
    "nms",
]
