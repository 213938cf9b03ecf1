"""Read dlib's serialised ResNet face descriptor (``.dat``) into plain layers, without dlib.

dlib writes a network as nested wrappers: ``add_loss_layer`` (its version, the loss's
details, then the network below it), and for every layer an ``add_layer`` whose
version comes first, then the layers below it, then the layer's own details (a name
such as ``con_4`` and its fields), three flags and three empty tensors. So after the
run of versions and the input layer's details, the file lists the layers bottom-up,
each beginning with its name. Tag and skip layers (the residual connections) carry no
details: where they sit follows from the architecture (see
:mod:`privacam.vision.faces.dlib_resnet_onnx`).

The primitives are dlib's portable encodings: an integer is a control byte (low four
bits: how many little-endian bytes follow; bit 7: negative), a float is an integer
mantissa and an integer exponent, a string is its length then its bytes, and a tensor
(version 2) is its four dimensions then its values as raw little-endian float32.

Only what the descriptor needs is read: each layer's parameters and its geometry
(kernel, stride, padding). The reader walks forward from one layer's name to the
next, skipping fields it does not need (learning-rate multipliers, alias shapes),
but never searches inside a tensor's values: it skips them by their size first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from privacam.errors import InputError

#: The layer names (with dlib's serialisation versions) of the face descriptor.
LAYER_NAMES = (
    "con_4",
    "affine_",
    "relu_",
    "add_prev_",
    "max_pool_2",
    "avg_pool_2",
    "fc_2",
)
INPUT_NAME = "input_rgb_image_sized"
#: The most bytes between the end of one layer's parameters and the next layer's name.
GAP = 4096
LOSS_NAME = "loss_metric_2"


@dataclass(frozen=True)
class Convolution:
    weights: np.ndarray  # (filters, channels, rows, cols)
    bias: np.ndarray  # (filters,)
    stride: tuple[int, int]
    padding: tuple[int, int]


@dataclass(frozen=True)
class Affine:
    """Batch normalisation frozen for inference: ``gamma * x + beta`` per channel."""

    gamma: np.ndarray
    beta: np.ndarray


@dataclass(frozen=True)
class Pool:
    kind: str  # "max" or "avg"
    size: tuple[int, int]  # (0, 0): the whole plane (dlib's avg_pool_everything)
    stride: tuple[int, int]
    padding: tuple[int, int]


@dataclass(frozen=True)
class Step:
    """A layer without parameters: ``relu`` or ``add_prev`` (a residual sum)."""

    kind: str


@dataclass(frozen=True)
class FullyConnected:
    weights: np.ndarray  # (inputs, outputs): output = input @ weights (no bias)


Layer = Convolution | Affine | Pool | Step | FullyConnected


@dataclass(frozen=True)
class DlibNet:
    """The input layer's channel means, the chip size, and the layers bottom-up."""

    means: tuple[float, float, float]  # red, green, blue
    chip_size: tuple[int, int]
    layers: tuple[Layer, ...]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def integer(self) -> int:
        control = self.data[self.at]
        size = control & 0x0F
        value = int.from_bytes(self.data[self.at + 1 : self.at + 1 + size], "little")
        self.at += 1 + size
        return -value if control & 0x80 else value

    def real(self) -> float:
        mantissa = self.integer()
        return mantissa * 2.0 ** self.integer()

    def text(self) -> str:
        size = self.integer()
        value = self.data[self.at : self.at + size].decode("ascii")
        self.at += size
        return value

    def tensor(self) -> np.ndarray:
        version = self.integer()
        if version != 2:
            raise ValueError(f"tensor version {version}, not 2")
        dims = [self.integer() for _ in range(4)]
        count = int(np.prod(dims))
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.at)
        self.at += 4 * count
        return values.astype(np.float32).reshape(dims[0], -1) if count else values

    def next_name(self) -> str | None:
        """Skip to the next layer name (a length-prefixed known name); None at the end.

        Only the next :data:`GAP` bytes are searched: between two layers lie a few flags,
        empty tensors and multipliers, never weights.
        """
        found = None
        for name in LAYER_NAMES:
            token = bytes([1, len(name)]) + name.encode("ascii")
            where = self.data.find(token, self.at, self.at + GAP)
            if where >= 0 and (found is None or where < found[0]):
                found = (where, name)
        if found is None:
            return None
        self.at = found[0]
        return self.text()


def _convolution(reader: _Reader) -> Convolution:
    params = reader.tensor().ravel()
    filters, rows, cols, stride_y, stride_x, pad_y, pad_x = (reader.integer() for _ in range(7))
    channels = (params.size - filters) // (filters * rows * cols)
    split = filters * channels * rows * cols
    return Convolution(
        params[:split].reshape(filters, channels, rows, cols),
        params[split:],
        (stride_y, stride_x),
        (pad_y, pad_x),
    )


def _layer(reader: _Reader, name: str) -> Layer:
    if name == "con_4":
        return _convolution(reader)
    if name == "affine_":
        params = reader.tensor().ravel()
        half = params.size // 2
        return Affine(params[:half], params[half:])
    if name in ("max_pool_2", "avg_pool_2"):
        rows, cols, stride_y, stride_x, pad_y, pad_x = (reader.integer() for _ in range(6))
        kind = "max" if name.startswith("max") else "avg"
        return Pool(kind, (rows, cols), (stride_y, stride_x), (pad_y, pad_x))
    if name == "fc_2":
        outputs, inputs = reader.integer(), reader.integer()
        weights = reader.tensor().reshape(inputs, outputs)
        return FullyConnected(weights)
    return Step(name.removesuffix("_"))


def _input_layer(reader: _Reader) -> tuple[tuple[float, float, float], tuple[int, int]]:
    while reader.data[reader.at : reader.at + 2] != bytes([1, len(INPUT_NAME)]):
        reader.integer()  # the versions of the wrappers above the input layer
    if reader.text() != INPUT_NAME:
        raise ValueError(f"no {INPUT_NAME} layer where expected")
    means = (reader.real(), reader.real(), reader.real())
    return means, (reader.integer(), reader.integer())


def read_dlib_net(data: bytes, source: str = "model") -> DlibNet:
    """Parse the face descriptor's ``.dat`` bytes; a file of another kind is an InputError."""
    reader = _Reader(data)
    try:
        reader.integer()  # add_loss_layer's version
        if reader.text() != LOSS_NAME:
            raise ValueError(f"not a {LOSS_NAME} network")
        reader.real(), reader.real()  # the loss's margin and distance threshold
        means, chip_size = _input_layer(reader)
        layers = []
        while (name := reader.next_name()) is not None:
            layers.append(_layer(reader, name))
        if not layers or not isinstance(layers[-1], FullyConnected):
            raise ValueError("the file ends before the network's last (fully connected) layer")
    except (ValueError, IndexError, UnicodeDecodeError) as error:
        raise InputError(
            f"{source} は dlib の顔特徴モデルとして読めません / cannot read {source} as dlib's "
            f"ResNet face descriptor: {error}"
        ) from None
    return DlibNet(means, chip_size, tuple(layers))
