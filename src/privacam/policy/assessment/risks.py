"""The risk register: severity × likelihood (1–5 each), scored by rules from the file.

Every risk starts from a fixed inherent score: the three generic risks below, and
the case-specific :class:`~privacam.policy.case_profiles.CaseRisk` of the case
profile. Adjusters then read facts of the deployment and the check results and
each returns :class:`Adjustment` rows (factor, ±delta, reason, rules): the
residual score is the inherent score plus the deltas, each factor clamped to
1–5. The report prints every row, so a reader sees why a score is what it is.
Bands: score 5 or less low, 6–12 medium, 15 or more high.

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> spec = load_spec_text(render_template("counting")).public
>>> leak = next(r for r in build_risks(spec) if r.id == "generic.leak")
>>> leak.inherent_score, leak.residual_severity, [a.delta for a in leak.adjustments][:2]
(12, 1, [-2, -1])
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from privacam.policy.assessment.labels import t
from privacam.policy.assessment.model import Adjustment, Risk, RiskLevel
from privacam.policy.case_profiles import PROFILES
from privacam.policy.checks import CheckReport, Rule, run_checks
from privacam.policy.durations import format_duration
from privacam.policy.face_matching import CALIBRATIONS, DEFAULT_EMBEDDER, MatchCalibration
from privacam.policy.face_recognition import face_recognition_use
from privacam.policy.findings import Severity
from privacam.policy.localized import LocalizedText
from privacam.policy.retention import RETENTION
from privacam.policy.spec import DataClass, Deployment, ProcessingPlace, SpaceType

MIN_SCORE, MAX_SCORE = 1, 5

#: Field prefixes that tie a failing rule to a generic risk (see :meth:`RiskFacts.failing`).
LEAK_FIELDS = ("security", "processing", "store", "cameras[].source", "contractors", "data_items")
PURPOSE_FIELDS = (
    "purposes",
    "linking",
    "third_party",
    "publication",
    "review",
    "inferred_attributes",
)
TRANSPARENCY_FIELDS = (
    "cameras[].notice",
    "notice_url",
    "prior_announcement",
    "requests",
    "inquiry",
    "case_settings.repeat.notice_states_face_recognition",
)


_INDEX = re.compile(r"\[\d+\]")


def _under(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or a field below it.

    >>> _under("cameras[].notice.location", "cameras[].notice"), _under("notice_url", "notice")
    (True, False)
    """
    return path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))


def level(score: int) -> RiskLevel:
    """Band of a severity × likelihood product.

    >>> level(4), level(6), level(12), level(15)
    ('low', 'medium', 'medium', 'high')
    """
    if score <= 5:
        return "low"
    return "medium" if score <= 12 else "high"


@dataclass(frozen=True)
class RiskFacts:
    """What an adjuster may read: the public deployment, check results and today's date."""

    spec: Deployment
    report: CheckReport = field(default_factory=CheckReport)
    rules: dict[str, Rule] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)

    def failing(self, prefixes: Iterable[str], covered: Iterable[str] = ()) -> list[str]:
        """Ids of rules with an error or warning that read a field under one of ``prefixes``.

        A rule is tied to a risk by the fields it declares, not by its id, so new rules
        count as soon as they are written. A finding about a field in ``covered`` (one a
        fact of the file already raised the score for) is not counted a second time.
        """
        prefixes, covered = tuple(prefixes), set(covered)
        return sorted(
            {
                f.rule_id
                for f in self.report.findings
                if f.severity in (Severity.error, Severity.warning)
                and f.rule_id in self.rules
                and not (f.path and _INDEX.sub("[]", f.path) in covered)
                and any(
                    _under(path, prefix)
                    for path in self.rules[f.rule_id].fields
                    for prefix in prefixes
                )
            }
        )

    def kept(self, *classes: DataClass) -> list[str]:
        """Keys of data items of ``classes`` that are stored at all (retention above zero)."""
        return [
            item.key
            for item in self.spec.data_items
            if item.data_class in classes and item.retention > timedelta(0)
        ]


Adjuster = Callable[[RiskFacts], Iterable[Adjustment]]


def _adj(
    factor: str,
    delta: int,
    ja: str,
    en: str,
    rules: Iterable[str] = (),
    fields: Iterable[str] = (),
) -> Adjustment:
    return Adjustment(
        factor=factor, delta=delta, reason=t(ja, en), rules=list(rules), fields=list(fields)
    )


def _with_failing_rules(
    facts_of: Adjuster, prefixes: tuple[str, ...], what: LocalizedText
) -> Adjuster:
    """The adjustments ``facts_of`` finds, plus +1 likelihood if rules on ``prefixes`` fail."""

    def adjuster(facts: RiskFacts) -> Iterable[Adjustment]:
        found = list(facts_of(facts))
        covered = {path for a in found if a.delta > 0 for path in a.fields}
        failing = facts.failing(prefixes, covered)
        if failing:
            found.append(
                _adj(
                    "likelihood",
                    +1,
                    f"{what.ja}の確認項目に不適合がある（{len(failing)}件）",
                    f"{len(failing)} failing check(s) on {what.en}",
                    failing,
                )
            )
        return found

    return adjuster


# --- generic risks ---------------------------------------------------------------------------


def _leak(facts: RiskFacts) -> Iterable[Adjustment]:
    """Leak of kept data or images, in the report's order: what is kept, where, how guarded."""
    yield from _leak_of_kept_data(facts)
    yield from _leak_from_processing(facts.spec)
    yield from _leak_by_safeguards(facts.spec)


def _leak_of_kept_data(facts: RiskFacts) -> Iterable[Adjustment]:
    """Severity by what is kept after processing: statistics, identifiers, originals."""
    spec = facts.spec
    personal = facts.kept(DataClass.personal, DataClass.identifier)
    identifiers = facts.kept(DataClass.identifier)
    if not personal:
        yield _adj(
            "severity",
            -2,
            "保存するのは統計情報のみで、処理後に漏えいし得る個人データがない",
            "only statistics are kept: no personal data remains to leak after processing",
        )
    elif identifiers:
        yield _adj(
            "severity",
            +1,
            f"個人識別符号を保存する（{', '.join(identifiers)}）",
            f"personal identifier codes are kept ({', '.join(identifiers)})",
        )
    quarantine = spec.data_item("quarantine")
    if quarantine is not None and quarantine.retention > timedelta(0):
        yield _adj(
            "severity",
            +1,
            f"マスク前の元画像を{format_duration(quarantine.retention, 'ja')}隔離保管する",
            f"unmasked originals are kept in quarantine for "
            f"{format_duration(quarantine.retention, 'en')}",
        )


def _leak_from_processing(spec: Deployment) -> Iterable[Adjustment]:
    """Where images go and where data is processed: edge, cloud, abroad."""
    raw = spec.data_item("raw_images")
    local = spec.processing.place in (ProcessingPlace.edge, ProcessingPlace.on_premise)
    if spec.processing.raw_images_leave_edge:
        yield _adj(
            "likelihood",
            +1,
            "カメラ画像がエッジ装置の外へ送られる",
            "camera images leave the edge device",
            fields=["processing.raw_images_leave_edge"],
        )
    elif local and raw is not None and raw.retention == timedelta(0):
        yield _adj(
            "severity",
            -1,
            "画像はエッジ・自社内のメモリ上でのみ処理し、保存しない",
            "images are processed in memory at the edge or on premise and never stored",
        )
    if spec.processing.place is ProcessingPlace.cloud:
        provider = spec.processing.provider or "—"
        yield _adj(
            "likelihood",
            +1,
            f"クラウド（{provider}）で処理・保管する",
            f"processed and stored in a cloud ({provider})",
            fields=["processing.place"],
        )
    foreign = [c for c in spec.processing.countries if c.code != "JP"]
    if foreign:
        yield _adj(
            "likelihood",
            +1,
            f"外国で保管・処理する（{'、'.join(c.name.ja for c in foreign)}）",
            f"stored or processed abroad ({', '.join(c.name.en for c in foreign)})",
            fields=["processing.countries"],
        )


def _leak_by_safeguards(spec: Deployment) -> Iterable[Adjustment]:
    """The security measures stated and the supervision of contractors."""
    security = spec.security
    kinds = {
        "organizational": ("組織的", "organisational"),
        "human": ("人的", "human"),
        "physical": ("物理的", "physical"),
        "technical": ("技術的", "technical"),
    }
    missing_keys = [key for key in kinds if not getattr(security, key)]
    missing = [kinds[key] for key in missing_keys]
    if missing:
        yield _adj(
            "likelihood",
            +1,
            f"記載のない安全管理措置: {'・'.join(j for j, _ in missing)}",
            f"security measures not stated: {', '.join(e for _, e in missing)}",
            fields=[f"security.{key}" for key in missing_keys],
        )
    else:
        yield _adj(
            "likelihood",
            -1,
            "4種の安全管理措置（組織的・人的・物理的・技術的）がすべて記載されている",
            "all four kinds of security measures (organisational, human, physical, technical) "
            "are stated",
        )
    unsupervised = [c for c in spec.contractors if c.supervision is None]
    if unsupervised:
        yield _adj(
            "likelihood",
            +1,
            f"監督方法の記載のない委託先: {'、'.join(c.name.ja for c in unsupervised)}",
            f"contractors without stated supervision: {', '.join(c.name.en for c in unsupervised)}",
            fields=["contractors[].supervision"],
        )


def _purpose_creep(facts: RiskFacts) -> Iterable[Adjustment]:
    spec = facts.spec
    linking = spec.linking
    if linking.member_data or linking.purchase_data:
        if linking.consent.obtained:
            yield _adj(
                "likelihood",
                +1,
                "会員・購買情報と本人の同意を得て連携する",
                "linked to member or purchase data, with consent",
                fields=["linking.member_data", "linking.purchase_data"],
            )
        else:
            yield _adj(
                "likelihood",
                +2,
                "会員・購買情報と同意なく連携する",
                "linked to member or purchase data without consent",
                fields=["linking.member_data", "linking.purchase_data", "linking.consent.obtained"],
            )
    personal_recipients = [r for r in spec.third_party.recipients if r.data == "personal"]
    if spec.third_party.provides and personal_recipients:
        yield _adj(
            "likelihood",
            +1,
            "第三者に個人データを提供する",
            "personal data is provided to third parties",
            fields=["third_party.provides", "third_party.recipients[].data"],
        )
    if spec.third_party.joint_use:
        yield _adj(
            "likelihood",
            +1,
            "共同利用を行う",
            "data is jointly used",
            fields=["third_party.joint_use"],
        )
    review = spec.review
    if review.next_review < facts.today:
        yield _adj(
            "likelihood",
            +1,
            f"定期見直しの期限（{review.next_review.isoformat()}）を過ぎている",
            f"the periodic review is overdue (due {review.next_review.isoformat()})",
            fields=["review.next_review"],
        )
    elif review.log:
        yield _adj(
            "likelihood",
            -1,
            f"日付つきの見直し記録があり、次回見直しは{review.next_review.isoformat()}",
            f"a dated review log; next review on {review.next_review.isoformat()}",
        )
    profile = PROFILES[spec.case]
    if profile.impact_level >= 3:
        yield _adj(
            "severity",
            +1,
            "来店をまたいで同一人物を結び付けるため、目的外に使われた場合の影響が大きい",
            "one person is linked across visits, so misuse would reach further",
        )
    elif not facts.kept(DataClass.personal, DataClass.identifier):
        yield _adj(
            "severity",
            -1,
            "保存するのは統計情報のみで、目的外に使える個人データがない",
            "only statistics are kept: no personal data to reuse",
        )


def _transparency(facts: RiskFacts) -> Iterable[Adjustment]:
    spec = facts.spec
    late = [c.id for c in spec.cameras if not c.notice.before_capture_area]
    if late:
        yield _adj(
            "likelihood",
            +1,
            f"撮影範囲に入る前に掲示が見えないカメラ: {', '.join(late)}",
            f"signs not visible before the captured area for camera(s): {', '.join(late)}",
            fields=["cameras[].notice.before_capture_area"],
        )
    else:
        yield _adj(
            "likelihood",
            -1,
            "すべてのカメラで撮影範囲に入る前に掲示が見える",
            "every camera's sign is seen before the captured area",
        )
    announced = spec.prior_announcement.published_on
    if announced is None:
        yield _adj(
            "likelihood",
            +1,
            "事前告知の公表日の記載がない",
            "no date of prior announcement",
            fields=["prior_announcement.published_on"],
        )
    elif announced > spec.period.start:
        yield _adj(
            "likelihood",
            +1,
            f"事前告知（{announced.isoformat()}）が運用開始（{spec.period.start.isoformat()}）より後",
            f"prior announcement ({announced.isoformat()}) is after the start of operation "
            f"({spec.period.start.isoformat()})",
            fields=["prior_announcement.published_on", "period.start"],
        )
    else:
        yield _adj(
            "likelihood",
            -1,
            f"運用開始前に事前告知を公表（{announced.isoformat()}）",
            f"announced before operation starts ({announced.isoformat()})",
        )
    if spec.site.space_type is not SpaceType.private:
        yield _adj(
            "severity",
            +1,
            "公共・準公共空間のため、撮影を避けることが難しい",
            "public or semi-public space: people can hardly avoid the camera",
        )
    face_recognition = face_recognition_use(spec)  # what the notice and the checks read too
    if face_recognition.used:
        yield _adj(
            "severity",
            +1,
            "顔認識を用いるため、知らされないことの影響が大きい",
            "face recognition is used, so not being told matters more",
        )
        if not face_recognition.stated:
            yield _adj(
                "likelihood",
                +1,
                "通知に顔認識の利用を明記しない",
                "the notice does not state that face recognition is used",
                fields=["case_settings.repeat.notice_states_face_recognition"],
            )


@dataclass(frozen=True)
class GenericRisk:
    id: str
    title: LocalizedText
    severity: int
    likelihood: int
    mitigation: LocalizedText


GENERIC_RISKS: tuple[GenericRisk, ...] = (
    GenericRisk(
        "generic.leak",
        t("個人データの漏えい・不正アクセス", "Leak of, or unauthorised access to, personal data"),
        4,
        3,
        t(
            "4種の安全管理措置、アクセス制御と監査ログ、保存するデータと期間の最小化",
            "the four kinds of security measures, access control and audit log, and keeping "
            "the least data for the shortest time",
        ),
    ),
    GenericRisk(
        "generic.purpose_creep",
        t("目的外利用（利用目的の拡大）", "Use beyond the announced purpose (purpose creep)"),
        3,
        3,
        t(
            "利用目的を具体的に公表し、同意なき連携や個人データの第三者提供を行わず、定期的に見直す",
            "publish a specific purpose, no linking or third-party provision of personal data "
            "without consent, and periodic review",
        ),
    ),
    GenericRisk(
        "generic.transparency",
        t("撮影される人への説明不足", "People captured are not told enough (transparency)"),
        3,
        3,
        t(
            "撮影範囲に入る前に見える掲示、運用開始前の事前告知、Web での詳細な通知",
            "a sign seen before the captured area, a prior announcement before operation, "
            "and the full notice on the web",
        ),
    ),
)

GENERIC_ADJUSTERS: dict[str, Adjuster] = {
    "generic.leak": _with_failing_rules(
        _leak, LEAK_FIELDS, t("安全管理・処理場所・保存", "security, processing and storage")
    ),
    "generic.purpose_creep": _with_failing_rules(
        _purpose_creep,
        PURPOSE_FIELDS,
        t("利用目的・連携・提供・見直し", "purpose, linking, provision and review"),
    ),
    "generic.transparency": _with_failing_rules(
        _transparency,
        TRANSPARENCY_FIELDS,
        t("事前告知・掲示・問い合わせ", "prior announcement, signs and inquiries"),
    ),
}


# --- case-specific risks ---------------------------------------------------------------------


def _small_cells(facts: RiskFacts) -> Iterable[Adjustment]:
    publication = facts.spec.publication
    if not publication.publishes_aggregates:
        yield _adj("likelihood", -1, "集計値を公表しない", "aggregates are not published")
    elif publication.k >= 10:
        yield _adj(
            "likelihood",
            -1,
            f"公表時に k={publication.k} 未満のセルを秘匿する",
            f"published cells below k={publication.k} are suppressed",
        )
    elif publication.k < 5:
        yield _adj(
            "likelihood",
            +1,
            f"秘匿の基準 k={publication.k} が小さい",
            f"the suppression threshold k={publication.k} is small",
        )


def _misestimation(facts: RiskFacts) -> Iterable[Adjustment]:
    allowed = PROFILES[facts.spec.case].allowed_attributes
    extra = [a for a in facts.spec.inferred_attributes if a not in allowed]
    if extra:
        yield _adj(
            "severity",
            +1,
            f"この適用ケースで想定しない属性を推定する（{', '.join(extra)}）",
            f"attributes outside this case are inferred ({', '.join(extra)})",
        )


def _retention_adjustment(facts: RiskFacts, key: str) -> Iterable[Adjustment]:
    item, limit = facts.spec.data_item(key), RETENTION[key]
    if item is None:
        return
    if limit.ceiling is not None and item.retention > limit.ceiling:
        yield _adj(
            "likelihood",
            +2,
            f"{item.description.ja}の保存期間が privacam の上限を超える",
            f"{item.description.en} are kept beyond privacam's ceiling",
        )
    elif item.retention > limit.default:
        yield _adj(
            "likelihood",
            +1,
            f"{item.description.ja}の保存期間が privacam の既定値を超える",
            f"{item.description.en} are kept longer than privacam's default",
        )
    else:
        yield _adj(
            "likelihood",
            -1,
            f"{item.description.ja}の保存期間が privacam の既定値以内",
            f"{item.description.en} are kept no longer than privacam's default",
        )


def _flow_linkage(facts: RiskFacts) -> Iterable[Adjustment]:
    linking = facts.spec.linking
    if linking.member_data or linking.purchase_data:
        yield _adj(
            "likelihood",
            +2 if not linking.consent.obtained else +1,
            "動線を会員・購買情報と連携する" + ("（同意あり）" if linking.consent.obtained else ""),
            "trajectories are linked to member or purchase data"
            + (" (with consent)" if linking.consent.obtained else ""),
        )
    else:
        yield _adj(
            "likelihood",
            -1,
            "動線を会員・購買情報と連携しない（来店IDは来店ごと）",
            "trajectories are not linked to member or purchase data (one id per visit)",
        )


def _flow_retention(facts: RiskFacts) -> Iterable[Adjustment]:
    yield from _retention_adjustment(facts, "trajectories")


def _identifier_leak(facts: RiskFacts) -> Iterable[Adjustment]:
    spec = facts.spec
    if spec.processing.place is ProcessingPlace.cloud:
        yield _adj(
            "likelihood",
            +1,
            "顔特徴量をクラウドで処理・保管する",
            "face features are processed or stored in a cloud",
        )
    foreign = [c for c in spec.processing.countries if c.code != "JP"]
    if foreign:
        yield _adj(
            "likelihood",
            +1,
            f"顔特徴量を外国で保管・処理する（{'、'.join(c.name.ja for c in foreign)}）",
            f"face features stored or processed abroad ({', '.join(c.name.en for c in foreign)})",
        )
    yield from _retention_adjustment(facts, "face_features")
    repeat = spec.case_settings.repeat
    if repeat is not None and repeat.delete_unmatched_immediately is False:
        yield _adj(
            "likelihood",
            +1,
            "照合しない顔データを直ちに削除しない",
            "face data that matches nobody is not deleted at once",
        )


def _measured_threshold(threshold: float, measured: MatchCalibration) -> Adjustment:
    """The threshold against the embedder's measured safe one (CAS-020, CAS-021)."""
    fields = ("case_settings.repeat.match_threshold",)
    if threshold < measured.safe_threshold:
        return _adj(
            "likelihood",
            +1,
            f"照合しきい値 {threshold:g} が、実測で別人を統合しなかった値 "
            f"{measured.safe_threshold:g} より緩い",
            f"the match threshold {threshold:g} is looser than {measured.safe_threshold:g}, "
            "the measured one at which no two people merged",
            rules=("CAS-020",),
            fields=fields,
        )
    return _adj(
        "likelihood",
        -1,
        f"照合しきい値 {threshold:g} は実測で別人を統合しなかった値 {measured.safe_threshold:g} "
        f"以上（登録 {measured.gallery_limit:,} 件までは誤統合の期待値 1% 未満）",
        f"the match threshold {threshold:g} is at or above {measured.safe_threshold:g}, the "
        f"measured one at which no two people merged (false merges below 1 % up to "
        f"{measured.gallery_limit:,} templates)",
        fields=fields,
    )


def _false_match(facts: RiskFacts) -> Iterable[Adjustment]:
    repeat = facts.spec.case_settings.repeat
    if repeat is None:
        return
    measured = CALIBRATIONS.get(DEFAULT_EMBEDDER)
    if measured is not None:
        yield _measured_threshold(repeat.match_threshold, measured)
        return
    # The threshold is a similarity: a lower value accepts weaker matches and merges people.
    if repeat.match_threshold < 0.5:
        yield _adj(
            "likelihood",
            +1,
            f"照合しきい値 {repeat.match_threshold:g} が低く、別人を統合しやすい",
            f"the match threshold {repeat.match_threshold:g} is low and merges people more easily",
        )


def _no_opt_out(facts: RiskFacts) -> Iterable[Adjustment]:
    if facts.spec.requests.opt_out is not None:
        yield _adj(
            "likelihood",
            -2,
            "分析を望まない人のための利用停止・削除の手段が記載されている",
            "an opt-out and deletion route for people who do not want to be analysed is stated",
        )
    else:
        yield _adj(
            "likelihood",
            +1,
            "分析を拒否する手段の記載がない",
            "no route to refuse analysis is stated",
        )


def _unavoidable_space(facts: RiskFacts) -> Iterable[Adjustment]:
    if facts.spec.site.space_type is SpaceType.private:
        yield _adj(
            "likelihood",
            -2,
            "私的空間であり、通行人が避けられないわけではない",
            "private space: passers-by are not forced through it",
        )
    raw = facts.spec.data_item("raw_images")
    if (
        raw is not None
        and raw.retention == timedelta(0)
        and not facts.kept(DataClass.personal, DataClass.identifier)
    ):
        yield _adj(
            "severity",
            -1,
            "画像を保存せず、保存するのは通過数などの統計情報のみ",
            "no image is kept; only counts (statistics) are stored",
        )


def _missed_mask(facts: RiskFacts) -> Iterable[Adjustment]:
    street = facts.spec.case_settings.street
    if street is None:
        return
    missing = [m for m in ("faces", "plates") if m not in street.mask]
    if missing:
        ja = {"faces": "顔", "plates": "ナンバープレート"}
        yield _adj(
            "likelihood",
            +2,
            f"マスクしない対象がある: {'・'.join(ja[m] for m in missing)}",
            f"not masked: {', '.join(missing)}",
        )
    elif street.margin >= 0.1:
        yield _adj(
            "likelihood",
            -1,
            f"顔とナンバープレートを余白 {street.margin:g} つきでマスクする",
            f"faces and plates are masked with a margin of {street.margin:g}",
        )
    if street.margin < 0.1:
        yield _adj(
            "likelihood",
            +1,
            f"マスクの余白 {street.margin:g} が小さい",
            f"the mask margin {street.margin:g} is small",
        )


def _location_trace(facts: RiskFacts) -> Iterable[Adjustment]:
    street = facts.spec.case_settings.street
    if street is None:
        return
    if street.gps_decimals is None:
        yield _adj("likelihood", -2, "位置情報を削除する", "GPS is removed")
    elif street.gps_decimals > 3:
        yield _adj(
            "likelihood",
            +1,
            f"位置情報を小数{street.gps_decimals}桁（約100mより細かい）まで保持する",
            f"GPS kept to {street.gps_decimals} decimals (finer than about 100 m)",
        )
    else:
        yield _adj(
            "likelihood",
            -1,
            f"位置情報を小数{street.gps_decimals}桁（約100m以上の粒度）に丸める",
            f"GPS rounded to {street.gps_decimals} decimals (about 100 m or coarser)",
        )


def _tracking_creep(facts: RiskFacts) -> Iterable[Adjustment]:
    crowd = facts.spec.case_settings.crowd
    if crowd is None:
        return
    if crowd.store_individual_tracks:
        yield _adj("likelihood", +2, "個人の軌跡を保存する", "individual tracks are stored")
    if not crowd.icons_only:
        yield _adj(
            "likelihood",
            +1,
            "地図にアイコン以外も表示する",
            "the map shows more than icons",
        )
    if crowd.overwrite_interval > timedelta(seconds=60):
        yield _adj(
            "likelihood",
            +1,
            "アイコンマップの上書き間隔が60秒を超える",
            "the icon map is overwritten less often than every 60 s",
        )
    if crowd.icons_only and not crowd.store_individual_tracks:
        yield _adj(
            "likelihood",
            -1,
            "個別の軌跡を保存せず、地図にはアイコンのみを表示する",
            "no individual track is stored and the map shows icons only",
        )


def _security_reuse(facts: RiskFacts) -> Iterable[Adjustment]:
    crowd = facts.spec.case_settings.crowd
    if crowd is None or not crowd.reuses_security_footage:
        yield _adj(
            "likelihood",
            -1,
            "防犯カメラの映像を転用しない",
            "security footage is not reused",
        )
    elif not crowd.security_footage_consent:
        yield _adj(
            "likelihood",
            +2,
            "防犯カメラの映像を同意なく転用する",
            "security footage is reused without consent",
        )


CASE_ADJUSTERS: dict[str, Adjuster] = {
    "attributes.misestimation": _misestimation,
    "attributes.small_cells": _small_cells,
    "flow.linkage": _flow_linkage,
    "flow.retention": _flow_retention,
    "repeat.identifier_leak": _identifier_leak,
    "repeat.false_match": _false_match,
    "repeat.no_opt_out": _no_opt_out,
    "counting.unavoidable_space": _unavoidable_space,
    "street.missed_mask": _missed_mask,
    "street.location_trace": _location_trace,
    "crowd.tracking_creep": _tracking_creep,
    "crowd.security_reuse": _security_reuse,
}


def _clamp(value: int) -> int:
    return max(MIN_SCORE, min(MAX_SCORE, value))


def score(
    risk_id: str,
    source: str,
    title: LocalizedText,
    mitigation: LocalizedText,
    severity: int,
    likelihood: int,
    adjustments: list[Adjustment],
) -> Risk:
    """A register row: inherent score, the adjustments, and the clamped residual score."""
    residual_severity = _clamp(
        severity + sum(a.delta for a in adjustments if a.factor == "severity")
    )
    residual_likelihood = _clamp(
        likelihood + sum(a.delta for a in adjustments if a.factor == "likelihood")
    )
    return Risk(
        id=risk_id,
        source=source,
        title=title,
        mitigation=mitigation,
        inherent_severity=severity,
        inherent_likelihood=likelihood,
        inherent_score=severity * likelihood,
        inherent_level=level(severity * likelihood),
        adjustments=adjustments,
        residual_severity=residual_severity,
        residual_likelihood=residual_likelihood,
        residual_score=residual_severity * residual_likelihood,
        residual_level=level(residual_severity * residual_likelihood),
    )


def build_risks(
    spec: Deployment,
    report: CheckReport | None = None,
    rules: Iterable[Rule] | None = None,
    today: dt.date | None = None,
) -> list[Risk]:
    """The register for ``spec``: the generic risks, then the case's own."""
    from privacam.policy.checks import all_rules

    rule_list = list(rules) if rules is not None else all_rules()
    facts = RiskFacts(
        spec=spec,
        report=report if report is not None else run_checks(spec, today=today),
        rules={r.id: r for r in rule_list},
        today=today or dt.date.today(),
    )
    register = [
        score(
            risk.id,
            "generic",
            risk.title,
            risk.mitigation,
            risk.severity,
            risk.likelihood,
            list(GENERIC_ADJUSTERS[risk.id](facts)),
        )
        for risk in GENERIC_RISKS
    ]
    for case_risk in PROFILES[spec.case].risks:
        adjuster = CASE_ADJUSTERS.get(case_risk.id)
        register.append(
            score(
                case_risk.id,
                "case",
                case_risk.title,
                case_risk.mitigation,
                case_risk.severity,
                case_risk.likelihood,
                list(adjuster(facts)) if adjuster else [],
            )
        )
    return register
