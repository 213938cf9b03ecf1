"""Does an int8 YOLOX-Nano run faster than fp32 here? Static quantisation, measured.

    .venv/bin/python benchmarks/bench_int8.py                     # TUD-Campus frames
    .venv/bin/python benchmarks/bench_int8.py --frames my/frames --every 3 --profile

The model is converted to opset 13 (its own is 11, which has no per-channel
DequantizeLinear), then quantised with ONNX Runtime's ``quantize_static`` (MinMax
calibration on every ``--every``-th frame of ``--frames``) in four forms: QDQ
per-channel u8/s8, QOperator per-channel u8/s8, QOperator per-tensor u8/u8 and QDQ
per-channel s8/s8. Each model, fp32 included, then runs ``--runs`` × 40 inferences with
2 intra-op threads on one letterboxed frame, the models alternating; medians in frames
per second. ``--profile`` adds ONNX Runtime's per-operator times for fp32 and the
QOperator model: where int8 gains (Conv) and where it loses (YOLOX's SiLU as
QLinearSigmoid + QLinearMul instead of one fused fp32 kernel).

An int8 model is only worth keeping if it is faster *and* within 0.01 of fp32's recall
and precision (``bench_detection.py``); this script checks the first condition.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from asset_dirs import media_dir, models_dir


def letterboxed(path: Path) -> np.ndarray:
    image = cv2.imread(str(path))
    h, w = image.shape[:2]
    r = min(416 / h, 416 / w)
    canvas = np.full((416, 416, 3), 114, np.uint8)
    canvas[: int(h * r), : int(w * r)] = cv2.resize(image, (int(w * r), int(h * r)))
    return canvas.transpose(2, 0, 1)[None].astype(np.float32)


def quantised_models(model: Path, calibration: list[Path], out: Path) -> dict[str, Path]:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Frames(CalibrationDataReader):
        def __init__(self) -> None:
            self.blobs = iter([{"images": letterboxed(p)} for p in calibration])

        def get_next(self):
            return next(self.blobs, None)

    opset13 = out / "opset13.onnx"
    onnx.save(version_converter.convert_version(onnx.load(str(model)), 13), str(opset13))
    prepared = out / "prepared.onnx"
    quant_pre_process(str(opset13), str(prepared), skip_symbolic_shape=True)
    u8, s8 = QuantType.QUInt8, QuantType.QInt8
    forms = {
        "int8 QDQ per-channel": (QuantFormat.QDQ, True, u8, s8),
        "int8 QOperator per-channel": (QuantFormat.QOperator, True, u8, s8),
        "int8 QOperator u8/u8": (QuantFormat.QOperator, False, u8, u8),
        "int8 QDQ s8/s8": (QuantFormat.QDQ, True, s8, s8),
    }
    models = {}
    for i, (name, (form, per_channel, activations, weights)) in enumerate(forms.items()):
        path = out / f"q{i}.onnx"
        quantize_static(
            str(prepared), str(path), Frames(), quant_format=form, per_channel=per_channel,
            activation_type=activations, weight_type=weights,
            calibrate_method=CalibrationMethod.MinMax,
        )  # fmt: skip
        models[name] = path
    return models


def session(path: Path, profile: bool = False):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.log_severity_level = 3
    if profile:
        options.enable_profiling = True
        options.profile_file_prefix = str(path.with_suffix(""))
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def operator_ms(path: Path, blob: np.ndarray, runs: int = 30) -> list[tuple[str, float]]:
    s = session(path, profile=True)
    for _ in range(runs):
        s.run(None, {"images": blob})
    events = json.loads(Path(s.end_profiling()).read_text())
    totals: collections.Counter[str] = collections.Counter()
    for event in events:
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            totals[event["args"]["op_name"]] += event["dur"]
    return [(op, us / runs / 1000) for op, us in totals.most_common(6)]


def main(argv: list[str] | None = None) -> int:
    media = media_dir()
    model_folder = models_dir()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=Path, default=media / "TUD-Campus" / "img1")
    parser.add_argument("--model", type=Path, default=model_folder / "yolox_nano.onnx")
    parser.add_argument("--every", type=int, default=3, help="calibrate on every n-th frame")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="per-operator milliseconds")
    args = parser.parse_args(argv)
    frames = sorted(p for p in args.frames.glob("*") if p.suffix.lower() in (".jpg", ".png"))
    if not frames or not args.model.is_file():
        print(f"bench_int8: no frames in {args.frames} or no model {args.model}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench_int8_") as scratch:
        models = {"fp32": args.model} | quantised_models(
            args.model, frames[:: args.every], Path(scratch)
        )
        blob = letterboxed(frames[0])
        sessions = {name: session(path) for name, path in models.items()}
        rates: dict[str, list[float]] = {name: [] for name in sessions}
        for _ in range(args.runs):
            for name, s in sessions.items():
                s.run(None, {"images": blob})
                start = time.perf_counter()
                for _ in range(40):
                    s.run(None, {"images": blob})
                rates[name].append(40 / (time.perf_counter() - start))
        print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}  "
              f"calibration: {len(frames[:: args.every])} frames of {args.frames}")  # fmt: skip
        fp32 = statistics.median(rates["fp32"])
        for name, values in rates.items():
            rate = statistics.median(values)
            print(f"{name:28s} {rate:7.1f} frames/s  ({rate / fp32:.2f} x fp32)")
        if args.profile:
            for name in ("fp32", "int8 QOperator per-channel"):
                ops = ", ".join(f"{op} {ms:.2f}" for op, ms in operator_ms(models[name], blob))
                print(f"{name} ms per operator type: {ops}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
