"""Make a fixed-size ONNX input symbolic without importing the ``onnx`` package.

ONNX Runtime refuses any input whose dims differ from the ones a model declares,
and YuNet's file declares 1x3x640x640 although the network is fully convolutional.
Rewriting the dims with ``onnx`` costs 0.6 s of imports (its ``ml_dtypes``
dependency) in every process that starts; here protobuf itself (which ONNX
Runtime's install brings) parses only the few messages on the path to the input and
output shapes, and keeps every other field as unknown bytes, written back untouched.

>>> model = _messages()["ModelProto"]()
>>> dim = model.graph.input.add().type.tensor_type.shape.dim
>>> _ = [dim.add(dim_value=v) for v in (1, 3, 640, 640)]
>>> again = _messages()["ModelProto"].FromString(symbolic_dims(model.SerializeToString()))
>>> [(d.dim_value, d.dim_param) for d in again.graph.input[0].type.tensor_type.shape.dim]
[(0, 'batch'), (3, ''), (0, 'height'), (0, 'width')]
"""

from __future__ import annotations

import functools
from typing import Any

# (message, [(field, number, type or message name, repeated)]), the ONNX field numbers
# of onnx/onnx.proto: only what leads from a model to the shapes of its graph's values.
_SCHEMA = (
    ("Dimension", [("dim_value", 1, "int64", False), ("dim_param", 2, "string", False)]),
    ("TensorShapeProto", [("dim", 1, "Dimension", True)]),
    ("TensorTypeProto", [("shape", 2, "TensorShapeProto", False)]),
    ("TypeProto", [("tensor_type", 1, "TensorTypeProto", False)]),
    ("ValueInfoProto", [("type", 2, "TypeProto", False)]),
    (
        "GraphProto",
        [
            ("input", 11, "ValueInfoProto", True),
            ("output", 12, "ValueInfoProto", True),
            ("value_info", 13, "ValueInfoProto", True),
        ],
    ),
    ("ModelProto", [("graph", 7, "GraphProto", False)]),
)


@functools.cache
def _messages() -> dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    package = "privacam_onnx_dims"
    proto = descriptor_pb2.FileDescriptorProto(
        name=f"{package}.proto", package=package, syntax="proto2"
    )
    field = descriptor_pb2.FieldDescriptorProto
    scalars = {"int64": field.TYPE_INT64, "string": field.TYPE_STRING}
    for name, fields in _SCHEMA:
        message = proto.message_type.add(name=name)
        for field_name, number, kind, repeated in fields:
            entry = message.field.add(name=field_name, number=number)
            entry.label = field.LABEL_REPEATED if repeated else field.LABEL_OPTIONAL
            if kind in scalars:
                entry.type = scalars[kind]
            else:
                entry.type, entry.type_name = field.TYPE_MESSAGE, f".{package}.{kind}"
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return {
        name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{package}.{name}"))
        for name, _ in _SCHEMA
    }


def symbolic_dims(model_bytes: bytes) -> bytes:
    """The model with batch, height and width of its 4-d inputs made symbolic, and every
    dim of its outputs (whose sizes follow the input's).

    The shapes ONNX inferred for intermediate values (``value_info``) are dropped:
    they hold the old fixed size and ONNX Runtime infers them again.
    """
    model = _messages()["ModelProto"].FromString(model_bytes)
    graph = model.graph
    for value in graph.input:
        dims = value.type.tensor_type.shape.dim
        if len(dims) == 4:
            for index, label in ((0, "batch"), (2, "height"), (3, "width")):
                dims[index].ClearField("dim_value")
                dims[index].dim_param = label
    for number, value in enumerate(graph.output):
        for index, dim in enumerate(value.type.tensor_type.shape.dim):
            dim.ClearField("dim_value")
            dim.dim_param = f"output{number}_{index}"
    del graph.value_info[:]
    return model.SerializeToString()


def input_wh(model_bytes: bytes) -> tuple[int, int]:
    """(width, height) the model's first 4-d input declares (0 where symbolic)."""
    graph = _messages()["ModelProto"].FromString(model_bytes).graph
    dims = graph.input[0].type.tensor_type.shape.dim
    return int(dims[3].dim_value), int(dims[2].dim_value)
