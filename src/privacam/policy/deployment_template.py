"""``privacam init``: a commented, valid deployment file for each of the six cases.

Each template carries its case's defaults from GUIDEBOOK.md §4 (what is generated
and kept) and §6 (retention), a review date set relative to today, and example
placeholders that ``privacam check`` flags as warnings until they are replaced.

>>> text = render_template("crowd", today=date(2026, 4, 1))
>>> "overwrite_interval: 60s" in text, "next_review: 2027-04-01" in text
(True, True)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from privacam import __version__
from privacam.errors import InputError
from privacam.files import write_atomic
from privacam.policy.case_profiles import PROFILES
from privacam.policy.durations import to_text
from privacam.policy.face_matching import CALIBRATIONS, DEFAULT_EMBEDDER
from privacam.policy.retention import RETENTION
from privacam.policy.spec import DEFAULT_TIMEZONE, Case, DataClass

#: Marks a value as an example: checks warn about any field that still contains one.
PLACEHOLDER_MARKERS = ("example", "（例）", "(例)", "example.jp", "example.com")

_SITES: dict[Case, dict[str, str]] = {
    Case.attributes: {
        "name_ja": "サンプル店 新宿店",
        "name_en": "Sample Store Shinjuku",
        "space_type": "private",
        "hours_ja": "営業時間中",
        "hours_en": "During opening hours",
    },
    Case.flow: {
        "name_ja": "サンプル店 渋谷店",
        "name_en": "Sample Store Shibuya",
        "space_type": "private",
        "hours_ja": "営業時間中",
        "hours_en": "During opening hours",
    },
    Case.repeat: {
        "name_ja": "サンプル店 池袋店",
        "name_en": "Sample Store Ikebukuro",
        "space_type": "private",
        "hours_ja": "営業時間中",
        "hours_en": "During opening hours",
    },
    Case.counting: {
        "name_ja": "サンプル商店街 入口",
        "name_en": "Sample shopping street entrance",
        "space_type": "public",
        "hours_ja": "24時間",
        "hours_en": "24 hours",
    },
    Case.street: {
        "name_ja": "サンプル市内の公道（車載カメラ）",
        "name_en": "Public roads in Sample City (vehicle camera)",
        "space_type": "public",
        "hours_ja": "走行中",
        "hours_en": "While driving",
    },
    Case.crowd: {
        "name_ja": "サンプル駅 中央改札前コンコース",
        "name_en": "Sample Station central gate concourse",
        "space_type": "semi_public",
        "hours_ja": "始発から終電まで",
        "hours_en": "From first to last train",
    },
}

_SQUARE = "[[100, 100], [540, 100], [540, 380], [100, 380]]"
#: Image (640 x 480) → floor-plan pixels of the sample plan `init` writes (800 x 600, 40 m x
#: 30 m): the bottom edge of the frame is the plan's near side, and the frame from y = 200
#: down widens onto the whole plan, so feet in the lower part of a view (the sample media's
#: path) land on it.
_FLOOR_POINTS = [
    ("[0, 480]", "[250, 570]"),
    ("[640, 480]", "[550, 570]"),
    ("[640, 200]", "[780, 30]"),
    ("[0, 200]", "[20, 30]"),
]


def _camera(case: Case) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": "media/shop.mp4",
        "resolution": "640, 480",  # the pixels its zones, lines and floor points are in
        "fps": None,
        "zones": [],
        "lines": [],
        "floor_points": [],
        "languages": "ja, en",
        "placement_ja": "店内天井（入口付近）",
        "placement_en": "Ceiling near the entrance",
        "fov_ja": "入口から売場中央まで",
        "fov_en": "From the entrance to the centre of the sales floor",
        "notice_ja": "入口ドア横（入店前に見える位置）",
        "notice_en": "Beside the entrance door, visible before entering",
    }
    if case is Case.flow:
        base["zones"] = [
            {"name": "entrance", "ja": "入口", "en": "Entrance", "polygon": _SQUARE},
        ]
        base["floor_points"] = _FLOOR_POINTS
    elif case is Case.counting:
        base.update(
            source="media/street.mp4",
            placement_ja="商店街入口のアーチ上部",
            placement_en="On the arch at the street entrance",
            fov_ja="商店街入口の歩道と車道",
            fov_en="The pavement and road at the street entrance",
            notice_ja="アーチ手前の両側の歩道（撮影範囲に入る前）",
            notice_en="On both pavements before the arch, before the captured area",
            zones=[{"name": "crossing", "ja": "横断歩道", "en": "Crossing", "polygon": _SQUARE}],
            lines=[{"name": "entrance", "start": "[320, 0]", "end": "[320, 480]"}],
        )
    elif case is Case.street:
        base.update(
            source="media/drive/",
            fps=10,
            placement_ja="調査車両のフロントガラス内側",
            placement_en="Inside the windscreen of the survey vehicle",
            fov_ja="車両前方の道路と沿道",
            fov_en="The road and roadside ahead of the vehicle",
            notice_ja="調査車両の車体側面と後部",
            notice_en="On the sides and rear of the survey vehicle",
        )
    elif case is Case.crowd:
        base.update(
            source="rtsp://viewer:${CAMERA_PASSWORD}@192.0.2.10/stream1",
            placement_ja="中央改札前コンコースの天井",
            placement_en="Ceiling of the concourse in front of the central gates",
            fov_ja="中央改札前のコンコース",
            fov_en="The concourse in front of the central gates",
            notice_ja="コンコース入口の柱（撮影範囲に入る前）",
            notice_en="Pillars at the concourse entrances, before the captured area",
            zones=[
                {"name": "concourse", "ja": "コンコース", "en": "Concourse", "polygon": _SQUARE}
            ],
            floor_points=_FLOOR_POINTS,
        )
    return base


def _purposes(case: Case) -> list[dict[str, str]]:
    table = {
        Case.attributes: [
            (
                "p1",
                "来店客の顔画像",
                "face images of visitors",
                "年齢層・性別を推定し、時間帯別に集計",
                "estimate age bracket and gender and tally them per time window",
                "売場づくりと品揃えの改善のための属性別来店者数",
                "visitor counts per attribute, to improve layout and assortment",
            )
        ],
        Case.flow: [
            (
                "p1",
                "来店客の全身画像",
                "full-body images of visitors",
                "来店ごとの動線とエリア滞在時間を生成",
                "generate per-visit paths and dwell time per zone",
                "レイアウト改善のための動線ヒートマップと集計",
                "flow heatmaps and aggregates, to improve the layout",
            )
        ],
        Case.repeat: [
            (
                "p1",
                "来店客の顔画像（顔認識を使用）",
                "face images of visitors (face recognition is used)",
                "顔特徴量を抽出して同一人物の再来店を識別",
                "extract face features to recognise returning visitors",
                "再来店率と来店間隔の統計",
                "repeat-visit rate and visit-interval statistics",
            )
        ],
        Case.counting: [
            (
                "p1",
                "通行人・車両の形状",
                "shapes of passers-by and vehicles",
                "形状認識により通過数を計測",
                "count passers-by and vehicles by shape recognition",
                "時間帯別の通行量統計（まちづくりの基礎資料）",
                "traffic counts per time window, for town planning",
            )
        ],
        Case.street: [
            (
                "p1",
                "車両前方の風景画像",
                "images of the street ahead of the vehicle",
                "顔とナンバープレートをマスクして道路・構造物の状況を把握",
                "mask faces and licence plates, then survey roads and structures",
                "マスク済みの道路状況画像と点検記録",
                "masked road-condition images and inspection records",
            )
        ],
        Case.crowd: [
            (
                "p1",
                "コンコースの通行者の位置",
                "positions of people in the concourse",
                "人物の位置をアイコン化し、移動・滞留人数と混雑度を算出",
                "turn positions into icons and compute moving/still counts and congestion",
                "駅利用者向けの混雑情報の配信（アイコン表示のみ）",
                "crowding information for passengers (icons only)",
            )
        ],
    }
    keys = ("id", "data_ja", "data_en", "use_ja", "use_en", "out_ja", "out_en")
    return [dict(zip(keys, row, strict=True)) for row in table[case]]


def _data_items(case: Case) -> list[dict[str, str]]:
    items = []
    for key in PROFILES[case].required_data_items:
        limit = RETENTION[key]
        items.append(
            {
                "key": key,
                "ja": limit.description.ja,
                "en": limit.description.en,
                "data_class": limit.data_class.value,
                "retention": to_text(limit.default),
                "ceiling": to_text(limit.ceiling) if limit.ceiling is not None else "none",
                "at_expiry": "aggregate" if key in ("trajectories", "visit_history") else "delete",
            }
        )
    return items


_SETTINGS: dict[Case, list[str]] = {
    Case.attributes: ["age_brackets: [0-19, 20-39, 40-59, 60+]", "window: 1h"],
    Case.flow: ["window: 1h", "visit_timeout: 60s   # a visit id dies with the visit"],
    Case.repeat: [
        # The embedder's measured safe threshold: no two different people merged there.
        f"match_threshold: {CALIBRATIONS[DEFAULT_EMBEDDER].safe_threshold:g}"
        "   # measured so two people never merge (privacam check: CAS-020)",
        "stores: [ikebukuro]    # this operator's own stores only",
        "enrol_unmatched: true   # false: a face that matches no one is discarded at once",
        "window: 1h",
        "notice_states_face_recognition: true",
    ],
    Case.counting: ["window: 15m", "classes: [person, bicycle, car, motorcycle, bus, truck]"],
    Case.street: [
        "mask: [faces, plates]",
        "method: blur",
        "shape: ellipse",
        "margin: 0.15",
        "keep_audio: false",
        "gps_decimals: 3        # about 100 m; null removes GPS",
        "copy_sidecars: false",
        "quarantine_dir: null   # no unmasked original is kept",
    ],
    Case.crowd: [
        "icons_only: true",
        "overwrite_interval: 60s   # ceiling 60s",
        "store_individual_tracks: false",
        "congestion_thresholds: [10, 30, 60]",
        "reuses_security_footage: false",
        "security_footage_consent: false",
    ],
}

_JUSTIFICATION = {
    "legitimacy_ja": "利用目的は{purpose}であり、特定の個人の識別や防犯を目的としない",
    "legitimacy_en": "The purpose is {purpose_en}; it is not to identify people or prevent crime",
    "necessity_ja": "人手による計測では時間帯ごとの網羅的な把握ができないため、カメラによる計測が必要",
    "necessity_en": (
        "Manual counts cannot cover every time window, so camera-based measurement is needed"
    ),
    "proportionality_ja": "画像は保存せず目的に必要な最小限のデータのみ生成し、撮影範囲と保存期間を必要最小限とする",
    "proportionality_en": (
        "No image is stored; only the minimum data is generated, with the narrowest field of "
        "view and the shortest retention"
    ),
    "alternatives_ja": "人手による計測、赤外線センサー（属性・位置が取れず目的を満たさない）",
    "alternatives_en": "Manual counting; infrared sensors (cannot meet the purpose)",
}


def render_template(case: str | Case, *, today: date | None = None) -> str:
    """The text of a commented, valid deployment file for ``case``."""
    try:
        chosen = Case(case)
    except ValueError:
        names = ", ".join(c.value for c in Case)
        raise InputError(f"unknown case {case!r}; choose one of: {names}") from None
    # "Today" is the deployment's date, not the machine's: at 08:00 in Tokyo a UTC server
    # still says yesterday, and the review date would fall a day before the sign's date.
    today = today or datetime.now(ZoneInfo(DEFAULT_TIMEZONE)).date()
    purposes = _purposes(chosen)
    justification = {
        key: value.format(
            purpose=purposes[0]["out_ja"], purpose_en=purposes[0]["out_en"].split(",")[0]
        )
        for key, value in _JUSTIFICATION.items()
    }
    profile = PROFILES[chosen]
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML
    )
    return env.get_template("deployment_template.yaml.j2").render(
        case=chosen.value,
        profile=profile,
        version=__version__,
        timezone=DEFAULT_TIMEZONE,
        today=today.isoformat(),
        start=(today + timedelta(days=14)).isoformat(),
        next_review=(
            today.replace(year=today.year + 1)
            if not _is_feb29(today)
            else today + timedelta(days=365)
        ).isoformat(),
        site=_SITES[chosen],
        camera=_camera(chosen),
        purposes=purposes,
        inferred=sorted(profile.allowed_attributes & {"age_bracket", "gender"}),
        data_items=_data_items(chosen),
        third_party=(
            {"ja": "サンプル市（例）", "en": "Sample City (example)"}
            if chosen is Case.counting
            else None
        ),
        publishes=chosen in (Case.counting, Case.crowd),
        justification=justification,
        settings=_SETTINGS[chosen],
        store_classes=_store_classes(chosen),
    )


def _store_classes(case: Case) -> list[str]:
    """The data classes the case keeps, in the order of :class:`DataClass`: what the privacy
    officer's role may read."""
    kept = {
        RETENTION[key].data_class
        for key in PROFILES[case].required_data_items
        if RETENTION[key].default.total_seconds() > 0
    }
    return [data_class.value for data_class in DataClass if data_class in kept]


def _is_feb29(day: date) -> bool:
    return day.month == 2 and day.day == 29


def write_template(case: str | Case, output: Path, *, force: bool = False) -> Path:
    """Write the template for ``case`` to ``output``; refuses to overwrite unless ``force``.

    A folder, or anything else that is not a regular file, is never overwritten, even
    with ``force``; the file is written whole or not at all.
    """
    if output.is_dir():
        raise InputError(
            f"{output} はフォルダです。ファイル名を指定してください / {output} is a folder; give a "
            f"file path, e.g. -o {output / 'privacam.yaml'}"
        )
    if output.exists() and not output.is_file():
        raise InputError(
            f"{output} は通常のファイルではありません / {output} is not a regular file; give "
            "another path"
        )
    if output.exists() and not force:
        raise InputError(f"{output} exists; choose another path or pass --force to overwrite")
    text = render_template(case)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        raise InputError(
            f"{output}: 書き込めません / cannot write the file ({error.strerror or error})"
        ) from None
    return output
