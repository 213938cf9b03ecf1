"""Purpose, legitimacy, necessity, proportionality and inference limits (GB §1, guidebook 3.2)."""

from __future__ import annotations

import re

from privacam.policy.case_profiles import FORBIDDEN_INFERENCES, PROFILES
from privacam.policy.checks import rule
from privacam.policy.clauses import affirmed_clauses
from privacam.policy.rules._util import blank
from privacam.policy.sensitive_inference import forbidden_attribute, inferences_in_text
from privacam.policy.spec import SpaceType

#: Words that alone do not let a person predict the handling (APPI 第17条 as amended).
_VAGUE = re.compile(
    r"^(マーケティング|マーケティングのため|サービス向上|事業活動|各種分析|分析|業務改善|"
    r"marketing|analytics|analysis|business purposes?|service improvement|improving services)$",
    re.IGNORECASE,
)
#: Wording that leaves the purpose open however long the text around it is: "全般",
#: "各種", "等の目的", "all of our business", "various purposes" (PPC ガイドライン通則編 3-1-1
#: gives 「事業活動に用いるため」 and 「マーケティング活動に用いるため」 as not specific).
_VAGUE_ANYWHERE = re.compile(
    r"全般|各種|等の目的|などの目的|その他の(目的|用途|業務)|様々な目的|さまざまな目的|あらゆる|"
    r"多目的|幅広い(目的|用途)|事業活動に(利用|活用|用い)|"
    r"\ball (of )?(our|the company's) (business|activities|operations)\b|\bvarious purposes\b|"
    r"\b(any|other|all|general|miscellaneous) (business )?purposes\b|\bany purpose\b|"
    r"\bbusiness activities in general\b|\bwide range of (uses|purposes)\b|\betc\b",
    re.IGNORECASE,
)
#: What a concrete output names: a count, tally, rate, map, image or record, not "insights"
#: or "use in business".
_RESULT_JA = re.compile(
    r"数|集計|統計|率|割合|間隔|時間|マップ|地図|画像|記録|一覧|報告|レポート|情報|表|グラフ|指標|混雑度|"
    r"ランキング|台帳|推移|分布|ダッシュボード|予測"
)
_RESULT_EN = re.compile(
    r"\b(counts?|tall(y|ies)|statistics|rates?|ratios?|shares?|intervals?|times?|maps?|"
    r"heatmaps?|images?|records?|reports?|lists?|tables?|charts?|graphs?|figures?|indices|"
    r"index|levels?|information|aggregates?|numbers?|totals?|rankings?|durations?|"
    r"dashboards?|summar(y|ies)|forecasts?|trends?|distributions?|histograms?|estimates?|"
    r"volumes?)\b",
    re.IGNORECASE,
)
_OUT_OF_SCOPE = re.compile(
    r"防犯|犯罪|不審者|(個人|本人|人物|身元)(を|の)(特定|識別)|"
    r"crime|security surveillance|"
    r"\b(identify|identifying|identification of|single out|singling out|pinpoint)\s+"
    r"(the |a |an )?(specific |particular |individual |certain )?"
    r"(people|persons?|individuals?|someone)\b|"
    r"\b(personally identify|who (each|a|the) (person|visitor|individual) is)\b",
    re.IGNORECASE,
)
_MIN_JA_CHARS = 8
_MIN_EN_WORDS = 3


@rule(
    "PUR-001",
    severity="error",
    # The minimum lengths (_MIN_JA_CHARS, _MIN_EN_WORDS) are privacam's.
    basis=("GB §1", "APPI 第17条", "privacam policy"),
    stage="plan",
    title=(
        "利用目的が取扱いを予測できる程度に具体的",
        "Purposes are specific enough to predict the handling",
    ),
    fields=("purposes[].data_item", "purposes[].use", "purposes[].output"),
)
def specific_purposes(spec, context):
    for index, purpose in enumerate(spec.purposes):
        for part in ("use", "output"):
            text = getattr(purpose, part)
            if _vague(text):
                yield (
                    f"目的「{purpose.id}」の {part} が抽象的です（「{text.ja}」）。"
                    "何をどう使い何を出力するか具体的に書いてください",
                    f"Purpose '{purpose.id}' {part} is too vague ('{text.en}'); say what is used "
                    "how and what comes out",
                    f"purposes[{index}].{part}",
                )
        output = purpose.output
        if not _RESULT_JA.search(output.ja) or not _RESULT_EN.search(output.en):
            yield (
                f"目的「{purpose.id}」の output（「{output.ja}」）が具体的な結果を示していません。"
                "人数・集計・統計・マップ・画像・記録など、何が出力されるかを書いてください",
                f"Purpose '{purpose.id}' output ('{output.en}') names no concrete result; say "
                "what comes out: counts, tallies, statistics, a map, images, records...",
                f"purposes[{index}].output",
            )


def _vague(text) -> bool:
    """Vague by its whole wording, by an open-ended phrase, or by being too short."""
    whole = bool(_VAGUE.match(text.ja.strip("。. ")) or _VAGUE.match(text.en.strip(". ")))
    open_ended = bool(_VAGUE_ANYWHERE.search(text.ja) or _VAGUE_ANYWHERE.search(text.en))
    short = len(text.ja) < _MIN_JA_CHARS or len(text.en.split()) < _MIN_EN_WORDS
    return whole or open_ended or short


@rule(
    "PUR-002",
    severity="warning",
    basis=("GB §1", "APPI 第19条"),
    stage="plan",
    title=(
        "防犯や特定個人の識別を目的としない（ガイドブックの対象範囲）",
        "Not for crime prevention or identifying people (the guidebook's scope)",
    ),
    fields=("purposes[].use", "purposes[].output"),
)
def within_guidebook_scope(spec, context):
    for index, purpose in enumerate(spec.purposes):
        # 「個人を特定せずに」 and "without identifying anyone" are promises, not purposes.
        texts = "、".join(
            clause
            for t in (purpose.use, purpose.output)
            for clause in affirmed_clauses(t.ja + "。" + t.en)
        )
        if _OUT_OF_SCOPE.search(texts):
            yield (
                f"目的「{purpose.id}」は防犯・個人識別を含み、ガイドブックの対象外です。別途の検討が必要です",
                f"Purpose '{purpose.id}' involves crime prevention or identification, outside the "
                "guidebook's scope; assess it separately",
                f"purposes[{index}]",
            )


def _missing_justification(spec) -> list[str]:
    just = spec.justification
    return [
        name
        for name in ("legitimacy", "necessity", "proportionality")
        if blank(getattr(just, name))
    ]


@rule(
    "PUR-003",
    severity="error",
    basis=("GB §1", "ガイドブック 3.2 プライバシー保護"),
    stage="plan",
    title=(
        "公共・準公共空間では正当性・必要性・相当性を文書化している",
        "Public and semi-public space: legitimacy, necessity and proportionality written",
    ),
    fields=(
        "site.space_type",
        "justification.legitimacy",
        "justification.necessity",
        "justification.proportionality",
    ),
)
def public_space_justification(spec, context):
    if spec.site.space_type is SpaceType.private:
        return
    missing = _missing_justification(spec)
    if missing:
        yield (
            f"{spec.site.space_type.value} 空間では避けることが難しいため、正当性・必要性・相当性の"
            f"記載が必要です（不足: {', '.join(missing)}）",
            f"People cannot easily avoid {spec.site.space_type.value} space: write the full "
            f"justification (missing: {', '.join(missing)})",
            "justification",
        )


@rule(
    "PUR-004",
    severity="warning",
    basis=("GB §1", "ガイドブック 3.2 プライバシー保護"),
    stage="plan",
    title=(
        "正当性・必要性・相当性を撮影前に文書化している",
        "Legitimacy, necessity and proportionality written before capture",
    ),
    fields=("justification.legitimacy", "justification.necessity", "justification.proportionality"),
)
def private_space_justification(spec, context):
    if spec.site.space_type is not SpaceType.private:
        return  # PUR-003 makes this an error there
    missing = _missing_justification(spec)
    if missing:
        yield (
            f"正当性・必要性・相当性の記載が不足しています: {', '.join(missing)}",
            f"The justification is incomplete: {', '.join(missing)}",
            "justification",
        )


@rule(
    "PUR-005",
    severity="warning",
    basis=("GB §1", "ガイドブック 3.2 プライバシー保護"),
    stage="plan",
    title=(
        "公共・準公共空間では代替手段の検討を記録している",
        "Public and semi-public space: alternatives considered are recorded",
    ),
    fields=("justification.alternatives_considered",),
)
def alternatives(spec, context):
    if spec.site.space_type is not SpaceType.private and blank(
        spec.justification.alternatives_considered
    ):
        yield (
            "より影響の小さい代替手段を検討した記録を追加してください（相当性）",
            "Record the less intrusive alternatives considered (proportionality)",
        )


@rule(
    "PUR-006",
    severity="error",
    basis=("GB §1", "APPI 第2条第3項", "APPI 第19条", "privacam policy"),
    stage="design",
    title=(
        "人種・信条・健康・感情・内心を推定しない",
        "No inference of race, creed, health, emotion or inner state",
    ),
    fields=("inferred_attributes", "purposes[].use", "purposes[].output"),
)
def forbidden_inferences(spec, context):
    for index, attribute in enumerate(spec.inferred_attributes):
        key = forbidden_attribute(attribute)
        if key is not None:
            ja, en = _sensitive(key, attribute)
            yield ja, en, f"inferred_attributes[{index}]"
    for index, purpose in enumerate(spec.purposes):
        for part in ("use", "output"):
            text = getattr(purpose, part)
            for key in inferences_in_text(f"{text.ja}\n{text.en}"):
                ja, en = _sensitive(key, None)
                yield (
                    f"目的「{purpose.id}」の {part} は{ja}",
                    f"Purpose '{purpose.id}' {part}: {en}",
                    f"purposes[{index}].{part}",
                )


def _sensitive(key: str, written: str | None) -> tuple[str, str]:
    """The message naming ``key`` as a sensitive inference (and the word used, if other)."""
    name = FORBIDDEN_INFERENCES[key]
    as_written = f"（「{written}」）" if written and written not in (key, name.ja) else ""
    as_written_en = f" ('{written}')" if written and written not in (key, name.en) else ""
    return (
        f"「{name.ja}」{as_written}の推定は要配慮個人情報・内心に関わる最も私的な事項に当たり、"
        "privacam では禁止です",
        f"Inferring {name.en}{as_written_en} is a sensitive inference (special-care information "
        "or inner state), the most private of matters; privacam forbids it",
    )


@rule(
    "PUR-007",
    severity="error",
    basis=("GB §4", "privacam policy"),
    stage="design",
    title=(
        "事例で想定された属性以外を推定しない",
        "Only the attributes the case foresees are inferred",
    ),
    fields=("case", "inferred_attributes"),
)
def attributes_within_case(spec, context):
    allowed = PROFILES[spec.case].allowed_attributes
    for index, attribute in enumerate(spec.inferred_attributes):
        key = attribute.strip().lower().replace(" ", "_").replace("-", "_")
        # A forbidden inference is PUR-006's, named there as sensitive, not merely unforeseen.
        if key not in allowed and forbidden_attribute(attribute) is None:
            yield (
                f"事例「{spec.case.value}」では属性「{attribute}」の推定は想定されていません",
                f"Case '{spec.case.value}' does not foresee inferring '{attribute}'",
                f"inferred_attributes[{index}]",
            )


@rule(
    "PUR-008",
    severity="error",
    basis=("GB §4", "GB §2"),
    stage="design",
    title=(
        "事例が生成するデータ項目をすべて申告している",
        "Every data item the case generates is declared",
    ),
    fields=("data_items[].key",),
)
def required_data_items(spec, context):
    declared = {item.key for item in spec.data_items}
    for key in PROFILES[spec.case].required_data_items:
        if key not in declared:
            yield (
                f"データ項目「{key}」の申告（分類・保存期間）がありません",
                f"Data item '{key}' is not declared (class and retention)",
                "data_items",
            )
