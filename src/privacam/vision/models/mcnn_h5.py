"""Build MCNN's ONNX graph from the official HDF5 weights, with ``onnx.helper`` (no torch).

The weights are those of svishwa/crowdcount-mcnn's ``MCNN`` as saved by its
``network.save_net`` (one HDF5 dataset per state-dict key, ``DME.`` prefixed):
three columns on a grayscale image, each four convolutions with ReLU and 2x2
max pools after the first two, concatenated and fused by a 1x1 convolution
(also with ReLU), so the density map is a quarter of the input's size.

Every padding is ``kernel // 2`` ("same"). The file written is byte-for-byte
reproducible: fixed node names, IR version, opset and producer, so its SHA-256
can stand in the registry next to the digest of the source ``.h5``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from privacam.errors import InputError

OPSET = 17
IR_VERSION = 8  # the IR version that goes with opset 17; pinned so the bytes never drift
PRODUCER = ("privacam-mcnn-h5", "1")
#: (column, layer indices holding a convolution); max pools follow layers 0 and 2.
COLUMNS = ("branch1", "branch2", "branch3")
CONV_LAYERS = (0, 2, 4, 5)
POOL_AFTER = (0, 2)


def read_mcnn_weights(h5_path: str | os.PathLike[str]) -> dict[str, np.ndarray]:
    """``{"branch1.0": weight, "branch1.0.bias": bias, ...}`` from an MCNN ``.h5`` file."""
    import h5py  # only `models pull` needs it

    weights: dict[str, np.ndarray] = {}
    needed = [f"{c}.{i}" for c in COLUMNS for i in CONV_LAYERS] + ["fuse.0"]
    try:
        with h5py.File(h5_path, "r") as stored:
            for layer in needed:
                for part in ("weight", "bias"):
                    key = f"DME.{layer}.conv.{part}"
                    if key not in stored:
                        raise InputError(
                            f"{h5_path} にMCNNの重み {key} がありません / {h5_path} has no MCNN "
                            f"weight {key}: not svishwa/crowdcount-mcnn weights; use the official "
                            "mcnn_shtechB_110.h5"
                        )
                    weights[f"{layer}.{part}"] = np.asarray(stored[key], dtype=np.float32)
    except OSError as error:
        raise InputError(
            f"{h5_path} をHDF5として読めません / cannot read {h5_path} as HDF5 ({error}); "
            "use the official mcnn_shtechB_110.h5"
        ) from error
    return weights


def mcnn_model_from_weights(weights: dict[str, np.ndarray], *, doc: str = ""):
    """The MCNN :class:`onnx.ModelProto`: input ``input`` 1x1xHxW, output ``density``."""
    from onnx import TensorProto, helper, numpy_helper

    nodes, initializers = [], []

    def conv(layer: str, source: str) -> str:
        weight, bias = weights[f"{layer}.weight"], weights[f"{layer}.bias"]
        kernel = int(weight.shape[2])
        initializers.append(numpy_helper.from_array(weight, f"{layer}.weight"))
        initializers.append(numpy_helper.from_array(bias, f"{layer}.bias"))
        conv_out, relu_out = f"{layer}.conv", f"{layer}.relu"
        nodes.append(
            helper.make_node(
                "Conv",
                [source, f"{layer}.weight", f"{layer}.bias"],
                [conv_out],
                name=conv_out,
                kernel_shape=[kernel, kernel],
                pads=[kernel // 2] * 4,
                strides=[1, 1],
            )
        )
        nodes.append(helper.make_node("Relu", [conv_out], [relu_out], name=relu_out))
        return relu_out

    column_outputs = []
    for column in COLUMNS:
        current = "input"
        for index in CONV_LAYERS:
            current = conv(f"{column}.{index}", current)
            if index in POOL_AFTER:
                pooled = f"{column}.{index + 1}.pool"
                nodes.append(
                    helper.make_node(
                        "MaxPool",
                        [current],
                        [pooled],
                        name=pooled,
                        kernel_shape=[2, 2],
                        strides=[2, 2],
                    )
                )
                current = pooled
        column_outputs.append(current)
    nodes.append(helper.make_node("Concat", column_outputs, ["concat"], name="concat", axis=1))
    fused = conv("fuse.0", "concat")
    nodes.append(helper.make_node("Identity", [fused], ["density"], name="density"))
    graph = helper.make_graph(
        nodes,
        "mcnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, "H", "W"])],
        [helper.make_tensor_value_info("density", TensorProto.FLOAT, ["N", 1, "h", "w"])],
        initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        ir_version=IR_VERSION,
        producer_name=PRODUCER[0],
        producer_version=PRODUCER[1],
        doc_string=doc,
    )
    return model


def convert_mcnn_h5(h5_path: str | os.PathLike[str], destination: str | os.PathLike[str]) -> Path:
    """Write the ONNX model of the MCNN weights in ``h5_path`` to ``destination``.

    The caller checks the source digest first and writes atomically (see
    :func:`privacam.vision.models.resolve.download_to_cache`); this only converts.
    """
    import onnx

    model = mcnn_model_from_weights(
        read_mcnn_weights(h5_path),
        doc="MCNN (svishwa/crowdcount-mcnn architecture) converted from HDF5 weights",
    )
    onnx.checker.check_model(model)
    target = Path(destination)
    target.write_bytes(model.SerializeToString())
    return target
