"""Density models through ONNX Runtime: MCNN (default, MIT) and CSRNet (opt-in).

Both are fully convolutional: any frame size works, and the map is the input
shrunk by the network's stride (4 for MCNN, 8 for CSRNet). Both are
scale-sensitive, so a frame is first resized by ``scale``, the factor at which
heads look the size the model was trained on.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import ClassVar

import cv2
import numpy as np

from privacam.vision.density.maps import DensityMap
from privacam.vision.detectors.base import check_image
from privacam.vision.detectors.session import create_session
from privacam.vision.models import ResolvedModel, as_resolved

IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


def _scaled_size(height: int, width: int, scale: float, multiple: int) -> tuple[int, int]:
    """(width, height) after ``scale``, rounded to a multiple of the network's stride."""
    return (
        max(multiple, round(width * scale / multiple) * multiple),
        max(multiple, round(height * scale / multiple) * multiple),
    )


class _OnnxDensityModel:
    """A fully convolutional density model; ``scale`` None means the model's ``default_scale``."""

    model_name: ClassVar[str]
    stride: ClassVar[int]
    default_scale: ClassVar[float]

    def __init__(
        self,
        model: ResolvedModel | str | os.PathLike[str] | None = None,
        *,
        scale: float | None = None,
        providers: Sequence[str] | None = None,
        intra_op_num_threads: int | None = None,
    ) -> None:
        scale = self.default_scale if scale is None else scale
        if not 0 < scale <= 4:
            raise ValueError(f"density scale must be in (0, 4], got {scale}")
        self.model = as_resolved(self.model_name, model)
        self.session = create_session(
            self.model, providers=providers, intra_op_num_threads=intra_op_num_threads
        )
        self.input_name = self.session.get_inputs()[0].name
        self.scale = scale

    def _blob(self, image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        raise NotImplementedError

    def estimate(self, image: np.ndarray) -> DensityMap:
        """The density map of a BGR uint8 frame."""
        check_image(image)
        height, width = image.shape[:2]
        size = _scaled_size(height, width, self.scale, self.stride)
        values = self.session.run(None, {self.input_name: self._blob(image, size)})[0][0, 0]
        return DensityMap(
            np.ascontiguousarray(values, dtype=np.float32),
            (width / values.shape[1], height / values.shape[0]),
        )


class MCNNDensity(_OnnxDensityModel):
    """MCNN trained on ShanghaiTech part B: grayscale 0-255 in, a map at 1/4 of it out.

    ``scale`` 0.6 is where, with the detector, the crowd count and head recall
    were best on the ShanghaiTech B sample (benchmarks/README.md); alone, MCNN
    counted that sample best at 0.5 and worst at its native 1.0.
    """

    model_name = "mcnn_shtech_b"
    stride = 4
    default_scale = 0.6

    def _blob(self, image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        if size != (gray.shape[1], gray.shape[0]):
            gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
        return gray.astype(np.float32)[None, None]


class CSRNetDensity(_OnnxDensityModel):
    """CSRNet (VGG-16 front end), int8: RGB with ImageNet normalisation, a map at 1/8.

    Its licence is unclear, so it is only ever used when asked for, with a file
    the user supplies. It over-counts sparse scenes (signs, reflections).
    """

    model_name = "csrnet_int8"
    stride = 8
    default_scale = 0.625

    def _blob(self, image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        resized = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        rgb = cv2.cvtColor(resized, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0
        return ((rgb - IMAGENET_MEAN) / IMAGENET_STD).transpose(2, 0, 1)[None]
