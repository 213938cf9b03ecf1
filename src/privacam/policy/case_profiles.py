"""The six application cases of the guidebook (GUIDEBOOK.md §4) as data.

Each profile says what the case generates, what happens to the raw image, what
is kept, which data items a deployment of that case must declare, and the risks
specific to it. Checks, templates, the notice and the assessment all read these,
so the case table exists once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Case


def _t(ja: str, en: str) -> LocalizedText:
    return LocalizedText({"ja": ja, "en": en})


@dataclass(frozen=True)
class CaseRisk:
    """A risk specific to a case, scored 1–5 for severity and likelihood before mitigation."""

    id: str
    title: LocalizedText
    severity: int
    likelihood: int
    mitigation: LocalizedText


@dataclass(frozen=True)
class ResolutionNeed:
    """The most camera pixels a case needs (proportionality, GB §1): above it the extra
    detail serves no purpose of the case and only makes people easier to recognise.

    Sides are compared long with long and short with short, so a camera turned portrait
    (1080×1920) needs no second number.
    """

    long_side: int
    short_side: int
    #: Why this much suffices, said in the finding.
    reason: LocalizedText

    def exceeded_by(self, width: int, height: int) -> bool:
        """True when a ``width``×``height`` camera has more pixels on either side than needed.

        >>> need = ResolutionNeed(1920, 1080, LocalizedText({"ja": "-", "en": "-"}))
        >>> need.exceeded_by(1080, 1920), need.exceeded_by(2560, 1440)
        (False, True)
        """
        return max(width, height) > self.long_side or min(width, height) > self.short_side

    def __str__(self) -> str:
        return f"{self.long_side}×{self.short_side}"


@dataclass(frozen=True)
class CaseProfile:
    case: Case
    number: str  # ① … ⑥
    title: LocalizedText
    generated: LocalizedText
    raw_image: LocalizedText
    kept: LocalizedText
    #: Data item keys a deployment of this case must declare (retention keys of §6).
    required_data_items: tuple[str, ...]
    #: The most camera resolution the case needs (None: no limit is stated).
    resolution_need: ResolutionNeed | None = None
    #: Data item keys the case may declare besides the required ones; nothing else is
    #: generated, so any other key is more data than the case needs (GB §2 design).
    optional_data_items: tuple[str, ...] = ()
    #: Attributes the case may infer; anything else is flagged.
    allowed_attributes: frozenset[str] = frozenset()
    #: Face recognition (個人識別符号) is used: the notice must say so plainly.
    uses_face_recognition: bool = False
    #: Wider linking in time and space means higher impact (GB §1): 1 counts … 3 repeat.
    impact_level: int = 1
    risks: tuple[CaseRisk, ...] = field(default_factory=tuple)

    @property
    def generated_data_items(self) -> tuple[str, ...]:
        """Every data item key a deployment of this case may declare."""
        return self.required_data_items + self.optional_data_items


PROFILES: dict[Case, CaseProfile] = {
    Case.attributes: CaseProfile(
        Case.attributes,
        "①",
        _t("店舗設置カメラ（属性の推定）", "Shop camera: attribute estimation"),
        _t("来店客の年齢層・性別の推定値", "estimated age bracket and gender per visitor"),
        _t("推定直後にメモリ上で破棄し、保存しない", "discarded in memory right after estimation"),
        _t("時間帯ごとの属性別人数（統計情報）", "counts per attribute and time window"),
        ("raw_images", "statistics"),
        # The age and gender models read a face at 112×112 px (InsightFace) or 150×150 px
        # (dlib's face chips); a face is about 0.16 m wide, so 1920 px across an entrance
        # framed about 2 m wide gives it about 150 px. More pixels only sharpen faces.
        resolution_need=ResolutionNeed(
            1920,
            1080,
            _t(
                "年齢・性別の推定に必要な顔の大きさ（112〜150画素）は、幅約 2 m の入口を撮れば "
                "1920×1080 で得られます",
                "the age and gender models read faces of 112-150 px, which 1920×1080 gives "
                "across an entrance framed about 2 m wide",
            ),
        ),
        allowed_attributes=frozenset({"age", "age_bracket", "gender"}),
        impact_level=1,
        risks=(
            CaseRisk(
                "attributes.misestimation",
                _t(
                    "推定誤りによる偏った集計や不適切な施策",
                    "biased tallies or unfair measures from wrong estimates",
                ),
                2,
                3,
                _t(
                    "推定結果は集計のみに用い、個人への施策に使わない",
                    "use estimates only in aggregate, never to act on one person",
                ),
            ),
            CaseRisk(
                "attributes.small_cells",
                _t(
                    "少人数の集計値から個人が推測される",
                    "a person is inferred from a small aggregate",
                ),
                3,
                2,
                _t("公表時は k 未満のセルを秘匿する", "suppress cells below k when published"),
            ),
        ),
    ),
    Case.flow: CaseProfile(
        Case.flow,
        "②",
        _t("店舗設置カメラ（人物の行動履歴の生成）", "Shop camera: flow lines"),
        _t(
            "来店ごとの動線・エリア滞在時間・エリア間の移動",
            "per-visit trajectory, dwell time per zone, zone-to-zone transitions",
        ),
        _t("動線生成後すぐにメモリ上で破棄", "discarded in memory as soon as the track is made"),
        _t(
            "退店とともに失効する来店IDつきの動線と、その集計",
            "trajectories under a visit id that dies when the visitor leaves, and aggregates",
        ),
        ("raw_images", "trajectories", "statistics"),
        # Paths need a person detected, not recognised: the detector reads frames downscaled
        # to 416×416 (YOLOX-Nano), and full HD keeps a person across a sales floor well over
        # the 30 px it needs. More pixels only show faces in detail.
        resolution_need=ResolutionNeed(
            1920,
            1080,
            _t(
                "動線の生成は人物の検出だけで足り、検出器は 416×416 に縮小して読むため 1920×1080 を"
                "超える画素は顔を鮮明にするだけです",
                "paths need a person detected, not recognised; the detector reads frames "
                "downscaled to 416×416, so pixels beyond 1920×1080 only sharpen faces",
            ),
        ),
        impact_level=2,
        risks=(
            CaseRisk(
                "flow.linkage",
                _t(
                    "動線が会員情報や他の来店と結び付けられ行動が詳細に把握される",
                    "trajectories linked to member data or other visits profile a person",
                ),
                4,
                2,
                _t(
                    "来店IDは来店ごとに乱数で発行し、来店間を結び付けない",
                    "a random id per visit; nothing links two visits",
                ),
            ),
            CaseRisk(
                "flow.retention",
                _t("動線データの長期保存", "trajectories kept longer than needed"),
                3,
                2,
                _t(
                    "保存期間経過後は集計値に縮約して削除する",
                    "reduced to aggregates and deleted at expiry",
                ),
            ),
        ),
    ),
    Case.repeat: CaseProfile(
        Case.repeat,
        "③",
        _t("店舗設置カメラ（リピート分析）", "Shop camera: repeat-visitor analysis"),
        _t(
            "顔特徴量データ（個人識別符号）と来店履歴",
            "face feature data (a personal identifier code) and visit history",
        ),
        _t("特徴量抽出直後にメモリ上で破棄", "discarded in memory right after feature extraction"),
        _t(
            "一定期間の特徴量（初回来店から）と来店履歴、期間経過後は削除または統計化",
            "features for a fixed period from the first visit, then deleted or reduced to statistics",
        ),
        # exclusion_templates: the opt-out route keeps the face of whoever opts out, under
        # its own retention; declaring it puts it in the notice (GB §4, PPC 2023).
        ("raw_images", "face_features", "exclusion_templates", "visit_history", "statistics"),
        # Matching needs face chips of 150×150 px (dlib's descriptor) or 112×112 (MobileFaceNet);
        # a 0.16 m face gets 150 px from 2560 px across an entrance framed about 2.7 m wide.
        # A sharper face only makes a leaked frame more identifying.
        resolution_need=ResolutionNeed(
            2560,
            1440,
            _t(
                "照合に必要な顔の大きさ（150画素）は、幅約 2.7 m の入口を撮れば 2560×1440 で得られます",
                "matching reads face chips of 150 px, which 2560×1440 gives across an entrance "
                "framed about 2.7 m wide",
            ),
        ),
        allowed_attributes=frozenset({"age", "age_bracket", "gender"}),
        uses_face_recognition=True,
        impact_level=3,
        risks=(
            CaseRisk(
                "repeat.identifier_leak",
                _t(
                    "顔特徴量の漏えいにより他所で本人が識別される",
                    "leaked face features let others recognise a person elsewhere",
                ),
                5,
                2,
                _t(
                    "特徴量はレコードごとの鍵で暗号化し、削除時は鍵を破棄する",
                    "each feature encrypted under its own key; deletion destroys the key",
                ),
            ),
            CaseRisk(
                "repeat.false_match",
                _t(
                    "別人の来店履歴が統合される（誤照合）",
                    "two people's histories merged by a false match",
                ),
                3,
                3,
                _t(
                    "別人を統合しない照合しきい値を精度評価に基づき設定する",
                    "a match threshold set from measured accuracy so two people never merge",
                ),
            ),
            CaseRisk(
                "repeat.no_opt_out",
                _t(
                    "分析を望まない人が拒否できない",
                    "people who do not want to be analysed cannot refuse",
                ),
                4,
                3,
                _t(
                    "顔写真の照合による利用停止・削除の窓口を設ける",
                    "an opt-out and deletion route that matches a submitted face",
                ),
            ),
        ),
    ),
    Case.counting: CaseProfile(
        Case.counting,
        "④",
        _t("屋外に向けたカメラ（人物形状の計測）", "Outdoor camera: people and vehicle counting"),
        _t(
            "形状認識による通行人・車両の通過数と滞在数",
            "counts of people and vehicles by shape",
        ),
        _t("計測後すぐにメモリ上で破棄", "discarded in memory at once"),
        _t("時間帯ごとの通過数・滞在数（統計情報）", "counts per time window (statistics)"),
        ("raw_images", "statistics"),
        # Counting needs shapes, not faces: the detector reads 416×416, and full HD leaves a
        # person 40 m down the street about 40 px tall, enough to count; more pixels make
        # faces and licence plates readable, which counting never needs.
        resolution_need=ResolutionNeed(
            1920,
            1080,
            _t(
                "形状による計測に顔やナンバーの判読は不要で、1920×1080 で 40 m 先の人物も数えられます",
                "counting needs shapes, not faces or plates; 1920×1080 counts a person 40 m away",
            ),
        ),
        impact_level=1,
        risks=(
            CaseRisk(
                "counting.unavoidable_space",
                _t(
                    "公共空間で撮影を避けられない通行人への影響",
                    "passers-by in public space cannot avoid the camera",
                ),
                2,
                4,
                _t(
                    "画像を保存せず、カウントのみを生成し、撮影範囲を必要最小限にする",
                    "keep no image, generate counts only, and narrow the field of view",
                ),
            ),
        ),
    ),
    Case.street: CaseProfile(
        Case.street,
        "⑤",
        _t(
            "屋外に向けたカメラ（写り込みが発生し得る風景画像の取得）",
            "Vehicle-mounted camera: street imagery",
        ),
        _t("街中の構造物や道路概況の画像", "images of streets and structures"),
        _t(
            "顔・ナンバープレートをマスクしてから保存・利用する（マスク前の元画像はごく短期間のみ）",
            "faces and licence plates masked before storage or any wider use "
            "(unmasked originals only briefly)",
        ),
        _t("マスク済み画像と撮影日時・場所", "masked images with capture time and place"),
        ("masked_images",),
        # Road and structure surveys need cracks and signs legible: 4K UHD is what survey and
        # dashboard cameras record. More pixels add detail no survey reads, while small faces
        # in the distance become recognisable and harder to mask.
        resolution_need=ResolutionNeed(
            3840,
            2160,
            _t(
                "道路・構造物の状況把握には 3840×2160（4K）で足り、それ以上は遠くの小さな顔を"
                "判読可能にしマスク漏れを増やします",
                "road and structure surveys need no more than 3840×2160 (4K); more makes small "
                "distant faces recognisable and harder to mask",
            ),
        ),
        # Unmasked originals: kept only in quarantine (or as raw_images, under the same
        # ceiling), for as short a time as the masking takes.
        optional_data_items=("quarantine", "raw_images"),
        impact_level=1,
        risks=(
            CaseRisk(
                "street.missed_mask",
                _t(
                    "検出漏れにより顔やナンバーが写ったまま公開される",
                    "a missed detection publishes a face or plate",
                ),
                4,
                3,
                _t(
                    "再現率を優先した検出、フレーム間のマスク持続、QAシートによる目視確認",
                    "recall-first detectors, masks carried across frames, and a QA contact sheet",
                ),
            ),
            CaseRisk(
                "street.location_trace",
                _t(
                    "位置情報から個人の住居や行動が推測される",
                    "precise locations reveal homes or movements",
                ),
                3,
                2,
                _t(
                    "GPSは設定した精度に丸めるか削除する",
                    "GPS coarsened to the configured precision or removed",
                ),
            ),
        ),
    ),
    Case.crowd: CaseProfile(
        Case.crowd,
        "⑥",
        _t("駅構内設置カメラ（人物の滞留状況把握）", "Station camera: crowd map"),
        _t(
            "通行者の位置をアイコン化した混雑マップと移動・滞留人数、混雑度",
            "positions as icons on a map, moving and still counts, congestion level",
        ),
        _t("解析終了時にメモリ上で破棄", "discarded in memory when the analysis ends"),
        _t(
            "最新のアイコンマップ（約1分ごとに上書き、VGA JPEG）と混雑統計",
            "the latest icon map (overwritten about every minute, VGA JPEG) and congestion statistics",
        ),
        ("raw_images", "icon_map", "statistics"),
        # The density models count heads at about 1024×768 (CSRNet's best scale) and the icon
        # map is VGA: full HD is ample, more only shows faces in a crowd.
        resolution_need=ResolutionNeed(
            1920,
            1080,
            _t(
                "混雑度の推定は約 1024×768 で行い、アイコンマップは VGA のため 1920×1080 で足ります",
                "crowd density is estimated at about 1024×768 and the icon map is VGA, so "
                "1920×1080 is ample",
            ),
        ),
        impact_level=1,
        risks=(
            CaseRisk(
                "crowd.tracking_creep",
                _t(
                    "個人の移動の追跡へ目的外に拡大される",
                    "the system creeps into tracking individuals",
                ),
                4,
                2,
                _t(
                    "個別の軌跡を保存せず、アイコン以外を表示しない",
                    "no individual tracks stored; icons only on the map",
                ),
            ),
            CaseRisk(
                "crowd.security_reuse",
                _t(
                    "防犯カメラ映像の同意なき商用転用",
                    "security footage reused commercially without consent",
                ),
                3,
                2,
                _t(
                    "防犯目的の映像は同意なく流用しない",
                    "security footage is not reused without consent",
                ),
            ),
        ),
    ),
}

#: Inferences the guidebook names as the most private matters (GB §1); privacam makes them
#: errors, stricter than the guidebook's 慎重な配慮 (privacam policy).
FORBIDDEN_INFERENCES: dict[str, LocalizedText] = {
    "race": _t("人種", "race"),
    "ethnicity": _t("民族", "ethnicity"),
    "creed": _t("信条", "creed"),
    "religion": _t("宗教", "religion"),
    "health": _t("健康状態", "health"),
    "disability": _t("障害", "disability"),
    "emotion": _t("感情", "emotion"),
    "inner_state": _t("内心", "inner state"),
    "mood": _t("気分", "mood"),
    "sexual_orientation": _t("性的指向", "sexual orientation"),
    "political_opinion": _t("政治的意見", "political opinion"),
}

#: Names of inferred attributes a person can read, for notices and reports.
ATTRIBUTE_NAMES: dict[str, LocalizedText] = {
    "age": _t("年齢", "age"),
    "age_bracket": _t("年齢層", "age bracket"),
    "gender": _t("性別", "gender"),
    **FORBIDDEN_INFERENCES,
}


def attribute_name(key: str) -> LocalizedText:
    return ATTRIBUTE_NAMES.get(key, _t(key, key))
