"""Purpose, legitimacy, necessity, proportionality and inference limits (GB §1, guidebook 3.2)."""

from __future__ import annotations

import re

from privacam.policy.case_profiles import FORBIDDEN_INFERENCES, PROFILES
from privacam.policy.checks import rule
from privacam.policy.rules._util import blank
from privacam.policy.spec import SpaceType

#: Words that alone do not let a person predict the handling (APPI 第17条 as amended).
_VAGUE = re.compile(
    r"^(マーケティング|マーケティングのため|サービス向上|事業活動|各種分析|分析|業務改善|"
    r"marketing|analytics|analysis|business purposes?|service improvement|improving services)$",
    re.IGNORECASE,
)
_OUT_OF_SCOPE = re.compile(
    r"防犯|犯罪|不審者|crime|security surveillance|identify (specific )?"
    r"(people|persons|individuals)",
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
            vague = bool(_VAGUE.match(text.ja.strip("。. ")) or _VAGUE.match(text.en.strip(". ")))
            short = len(text.ja) < _MIN_JA_CHARS or len(text.en.split()) < _MIN_EN_WORDS
            if vague or short:
                yield (
                    f"目的「{purpose.id}」の {part} が抽象的です（「{text.ja}」）。"
                    "何をどう使い何を出力するか具体的に書いてください",
                    f"Purpose '{purpose.id}' {part} is too vague ('{text.en}'); say what is used "
                    "how and what comes out",
                    f"purposes[{index}].{part}",
                )


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
        texts = " ".join(t.ja + " " + t.en for t in (purpose.use, purpose.output))
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
    fields=("inferred_attributes",),
)
def forbidden_inferences(spec, context):
    for index, attribute in enumerate(spec.inferred_attributes):
        key = attribute.strip().lower().replace(" ", "_").replace("-", "_")
        if key in FORBIDDEN_INFERENCES:
            name = FORBIDDEN_INFERENCES[key]
            yield (
                f"「{name.ja}」の推定は最も私的な事項に当たり、privacam では禁止です",
                f"Inferring {name.en} touches the most private matters; privacam forbids it",
                f"inferred_attributes[{index}]",
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
        if key not in allowed and key not in FORBIDDEN_INFERENCES:
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
