"""ONNX Runtime sessions for resolved models: CPU by default, quiet, clear errors."""

from __future__ import annotations

import os
from collections.abc import Sequence

import onnxruntime as ort

from privacam.errors import InputError
from privacam.vision.models import ResolvedModel, as_resolved

DEFAULT_PROVIDERS = ("CPUExecutionProvider",)

# Inference engines start thread pools that do not survive a fork(): a child forked after
# one exists can deadlock. Process pools ask this before choosing fork over forkserver.
_inference_started = False


def mark_inference_started() -> None:
    """Record that this process now holds an inference engine's threads."""
    global _inference_started
    _inference_started = True


def inference_started() -> bool:
    """Whether any detector loaded a model in this process (so fork() is no longer safe)."""
    return _inference_started


def create_session(
    model: ResolvedModel,
    *,
    providers: Sequence[str] | None = None,
    intra_op_num_threads: int | None = None,
    model_bytes: bytes | None = None,
) -> ort.InferenceSession:
    """An inference session for ``model`` (or for ``model_bytes``, a rewritten copy of it).

    ``intra_op_num_threads`` None keeps ONNX Runtime's default; ``providers``
    None means CPU only, so a machine with a GPU build behaves like any other
    unless asked.
    """
    options = ort.SessionOptions()
    options.log_severity_level = 3  # exporters leave harmless initializer warnings
    if intra_op_num_threads is not None:
        options.intra_op_num_threads = int(intra_op_num_threads)
    chosen = list(providers) if providers else list(DEFAULT_PROVIDERS)
    unknown = [p for p in chosen if p not in ort.get_available_providers()]
    if unknown:
        raise InputError(
            f"ONNX Runtime provider(s) {', '.join(unknown)} not available here; choose from "
            f"{', '.join(ort.get_available_providers())}"
        )
    source = model_bytes if model_bytes is not None else str(model.path)
    mark_inference_started()
    try:
        return ort.InferenceSession(source, sess_options=options, providers=chosen)
    except Exception as error:  # ORT raises its own Fail/InvalidGraph/... types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise InputError(
            f"cannot load model {model.name} from {model.path}: {first_line[:200]}; "
            f"replace it with the official {model.entry.filename}"
        ) from error


def open_fixed_input_model(
    name: str,
    model: ResolvedModel | str | os.PathLike[str] | None,
    *,
    providers: Sequence[str] | None = None,
    intra_op_num_threads: int | None = None,
    free_input: bool = False,
) -> tuple[ResolvedModel, ort.InferenceSession, str, tuple[int, int]]:
    """Resolve a registry model, open its session and read its fixed NCHW input.

    Returns the resolved model, the session, the input's name and its (width, height):
    what every fixed-input ONNX detector needs before it can precompute anchors.
    ``free_input`` opens the model with its input dims made symbolic (a fully
    convolutional network then takes other sizes too); the size returned is still
    the one the file declares.
    """
    resolved = as_resolved(name, model)
    model_bytes = None
    if free_input:
        from privacam.vision.detectors.onnx_dims import input_wh, symbolic_dims

        original = resolved.path.read_bytes()
        declared, model_bytes = input_wh(original), symbolic_dims(original)
    session = create_session(
        resolved,
        providers=providers,
        intra_op_num_threads=intra_op_num_threads,
        model_bytes=model_bytes,
    )
    model_input = session.get_inputs()[0]
    if free_input:
        return resolved, session, model_input.name, declared
    input_wh_ = (int(model_input.shape[3]), int(model_input.shape[2]))
    return resolved, session, model_input.name, input_wh_
