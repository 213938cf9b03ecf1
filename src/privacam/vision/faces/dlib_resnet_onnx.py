"""dlib's ResNet face descriptor as an ONNX graph, built in memory from its own ``.dat``.

Why: the ``dlib-bin`` wheel is built without BLAS, and its descriptor takes ~90 ms per
face on this project's machine while holding Python's GIL; the same network run by
ONNX Runtime takes ~15 ms and releases it (``benchmarks/README.md``, "Faces: speed").
The weights are the very file the registry resolved and digest-checked
(``dlib_resnet``); nothing else is downloaded, and no converted file is written.

The architecture is dlib's ``dnn_face_recognition_ex.cpp`` network, read layer by layer
from the file (:mod:`privacam.vision.faces.dlib_serialized`):

- input: the 150×150 RGB chip, ``(pixel - channel mean) / 256``;
- a 7×7 stride-2 convolution, affine, ReLU, 3×3 stride-2 max pool;
- 14 residual blocks: convolution, affine, ReLU, convolution, affine, then the sum
  with the block's input (``add_prev``) and a ReLU. A block that halves the size also
  has a 2×2 stride-2 average pool on its shortcut. dlib sums tensors of different
  shapes over their overlap and keeps the larger shape (the rest is zero): the
  graph pads both sides to the larger shape with zeros before adding;
- a global average pool and a 256→128 fully connected layer without bias.

Each affine is folded into the convolution before it (``w·γ``, ``b·γ + β``), which is
exact in real arithmetic; against dlib's own output the descriptors agree to ~1e-6
(``tests/vision/test_dlib_resnet_onnx.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from privacam.vision.faces.dlib_serialized import (
    Affine,
    Convolution,
    DlibNet,
    FullyConnected,
    Layer,
    Pool,
    Step,
)

OPSET = 17
IR_VERSION = 8
INPUT = "chip"  # N×3×150×150 float32 RGB, 0-255
OUTPUT = "descriptor"  # N×128, dlib's raw (not unit-length) descriptor

Shape = tuple[int, int, int]  # channels, rows, cols


def _out(size: int, kernel: int, stride: int, pad: int) -> int:
    return (size + 2 * pad - kernel) // stride + 1


@dataclass
class _Graph:
    """Nodes and initialisers under construction, with fresh names."""

    nodes: list = field(default_factory=list)
    initializers: list = field(default_factory=list)
    count: int = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}_{self.count}"

    def constant(self, value: np.ndarray, prefix: str) -> str:
        from onnx import numpy_helper

        name = self.name(prefix)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(self, op: str, inputs: list[str], prefix: str, **attributes) -> str:
        from onnx import helper

        output = self.name(prefix)
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attributes))
        return output


def _conv(graph: _Graph, x: str, shape: Shape, conv: Convolution, affine: Affine | None):
    weights, bias = conv.weights, conv.bias
    if affine is not None:
        weights = weights * affine.gamma[:, None, None, None]
        bias = bias * affine.gamma + affine.beta
    (sy, sx), (py, px) = conv.stride, conv.padding
    rows, cols = weights.shape[2:]
    y = graph.node(
        "Conv",
        [x, graph.constant(weights.astype(np.float32), "w"), graph.constant(bias, "b")],
        "conv",
        kernel_shape=[rows, cols],
        strides=[sy, sx],
        pads=[py, px, py, px],
    )
    return y, (weights.shape[0], _out(shape[1], rows, sy, py), _out(shape[2], cols, sx, px))


def _pool(graph: _Graph, x: str, shape: Shape, pool: Pool) -> tuple[str, Shape]:
    (kh, kw), (sy, sx), (py, px) = pool.size, pool.stride, pool.padding
    op = "MaxPool" if pool.kind == "max" else "AveragePool"
    y = graph.node(
        op, [x], pool.kind, kernel_shape=[kh, kw], strides=[sy, sx], pads=[py, px, py, px]
    )
    return y, (shape[0], _out(shape[1], kh, sy, py), _out(shape[2], kw, sx, px))


def _padded_to(graph: _Graph, x: str, shape: Shape, target: Shape) -> str:
    if shape == target:
        return x
    ends = [target[i] - shape[i] for i in range(3)]
    pads = np.array([0, 0, 0, 0, 0, *ends], dtype=np.int64)
    return graph.node("Pad", [x, graph.constant(pads, "pads")], "pad")


def _residual_sum(graph: _Graph, x: str, shape: Shape, shortcut: str, short: Shape):
    """dlib's add_prev: the sum over the overlap, zeros elsewhere, the larger shape."""
    target = tuple(max(a, b) for a, b in zip(shape, short, strict=True))
    left = _padded_to(graph, x, shape, target)
    right = _padded_to(graph, shortcut, short, target)
    return graph.node("Add", [left, right], "add"), target


def _body(graph: _Graph, x: str, shape: Shape, layers: tuple[Layer, ...]) -> str:
    """The layers in order; ``block`` is the input of the residual block being built."""
    block = (x, shape)
    shortcut = None
    index = 0
    while index < len(layers):
        layer = layers[index]
        following = layers[index + 1] if index + 1 < len(layers) else None
        if isinstance(layer, Convolution):
            affine = following if isinstance(following, Affine) else None
            x, shape = _conv(graph, x, shape, layer, affine)
            index += 1 if affine is not None else 0
        elif isinstance(layer, Pool) and layer.size == (0, 0):
            x = graph.node("Flatten", [graph.node("GlobalAveragePool", [x], "gap")], "flat")
        elif isinstance(layer, Pool) and layer.kind == "avg":
            shortcut = _pool(graph, block[0], block[1], layer)  # the shortcut, halved
        elif isinstance(layer, Pool):
            x, shape = _pool(graph, x, shape, layer)
            block = (x, shape)
        elif isinstance(layer, Step) and layer.kind == "add_prev":
            x, shape = _residual_sum(graph, x, shape, *(shortcut or block))
            shortcut = None
        elif isinstance(layer, Step):  # relu; after a residual sum it ends the block
            x = graph.node("Relu", [x], "relu")
            if layers[index - 1] == Step("add_prev"):
                block = (x, shape)
        elif isinstance(layer, FullyConnected):
            x = graph.node("MatMul", [x, graph.constant(layer.weights, "fc")], "fc")
        else:  # pragma: no cover - the reader yields only the kinds above
            raise TypeError(f"unexpected layer {layer!r}")
        index += 1
    return x


def onnx_from_dlib_net(net: DlibNet):
    """The descriptor's :class:`onnx.ModelProto`: ``chip`` N×3×150×150 → ``descriptor`` N×128."""
    from onnx import TensorProto, checker, helper

    graph = _Graph()
    means = np.array(net.means, dtype=np.float32).reshape(1, 3, 1, 1)
    centred = graph.node("Sub", [INPUT, graph.constant(means, "means")], "centred")
    scaled = graph.node("Mul", [centred, graph.constant(np.float32(1 / 256), "scale")], "scaled")
    rows, cols = net.chip_size
    last = _body(graph, scaled, (3, rows, cols), net.layers)
    graph.nodes.append(helper.make_node("Identity", [last], [OUTPUT], name=OUTPUT))
    model = helper.make_model(
        helper.make_graph(
            graph.nodes,
            "dlib_resnet_face_descriptor",
            [helper.make_tensor_value_info(INPUT, TensorProto.FLOAT, ["N", 3, rows, cols])],
            [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["N", None])],
            graph.initializers,
        ),
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="privacam-dlib-resnet",
    )
    model.ir_version = IR_VERSION
    checker.check_model(model)
    return model
