"""Handling: third parties, linking, publication, cloud and foreign countries (GB §2, §5)."""

from __future__ import annotations

from privacam.policy.checks import rule
from privacam.policy.rules._util import blank
from privacam.policy.spec import Case, ProcessingPlace


@rule(
    "HAN-001",
    severity="error",
    basis=("GB §2", "APPI 第27条", "APPI 第31条"),
    stage="handling",
    title=(
        "第三者提供は統計情報に限る",
        "Only statistics are provided to third parties",
    ),
    fields=("third_party.provides", "third_party.recipients[].data"),
)
def statistics_only_to_third_parties(spec, context):
    for index, recipient in enumerate(spec.third_party.recipients):
        if recipient.data != "statistics":
            yield (
                f"第三者「{recipient.name.ja}」へ個人データを提供する設定です。統計情報に限ってください",
                f"Personal data would go to third party '{recipient.name.en}'; provide "
                "statistics only",
                f"third_party.recipients[{index}].data",
            )


@rule(
    "HAN-002",
    severity="warning",
    basis=("GB §3", "APPI 第27条"),
    stage="handling",
    title=(
        "第三者提供・共同利用の相手を通知に記載できる",
        "Third-party recipients and joint users are named for the notice",
    ),
    fields=("third_party.recipients", "third_party.joint_users"),
)
def recipients_named(spec, context):
    if spec.third_party.provides and not spec.third_party.recipients:
        yield (
            "第三者提供ありとしていますが、提供先がありません",
            "Third-party provision is declared but no recipient is named",
            "third_party.recipients",
        )
    if not spec.third_party.provides and spec.third_party.recipients:
        yield (
            "提供先がありますが provides が false です",
            "Recipients are listed but provides is false",
            "third_party.provides",
        )
    if spec.third_party.joint_use and blank(spec.third_party.joint_users):
        yield (
            "共同利用する者の範囲（joint_users）を記載してください",
            "Describe who the joint users are (joint_users)",
            "third_party.joint_users",
        )


@rule(
    "HAN-003",
    severity="error",
    # Within the announced purpose the law (第18条) asks no consent for linking; the guidebook
    # does, and privacam makes it an error.
    basis=("GB §2", "GB §4", "privacam policy", "APPI 第18条"),
    stage="handling",
    title=(
        "会員・購買データとの連携は本人の同意を得ている",
        "Linking to member or purchase data has the person's consent",
    ),
    fields=(
        "linking.member_data",
        "linking.purchase_data",
        "linking.consent.obtained",
        "linking.consent.method",
    ),
)
def linking_consent(spec, context):
    link = spec.linking
    if (link.member_data or link.purchase_data) and (
        not link.consent.obtained or blank(link.consent.method)
    ):
        yield (
            "会員・購買データと連携する場合は、同意の取得とその方法（consent.method）を申告してください",
            "Linking to member or purchase data needs declared consent and how it is obtained "
            "(consent.method)",
            "linking.consent",
        )


@rule(
    "HAN-004",
    severity="error",
    basis=("GB §2", "privacam policy"),
    stage="handling",
    title=(
        "公表する集計値は k≥2 で小さいセルを秘匿する",
        "Published aggregates suppress small cells with k of 2 or more",
    ),
    fields=("publication.publishes_aggregates", "publication.k"),
)
def k_anonymity(spec, context):
    if spec.publication.publishes_aggregates and spec.publication.k < 2:
        yield (
            f"公表する集計値の k={spec.publication.k} では一人だけのセルが公開されます。k を 2 以上にしてください",
            f"With k={spec.publication.k} a cell of one person would be published; set k to 2 "
            "or more",
            "publication.k",
        )


@rule(
    "HAN-005",
    severity="error",
    # A cloud that stores data abroad is 外的環境の把握, a security measure (第23条), not
    # provision to a foreign third party (第28条).
    basis=("GB §5", "APPI 第23条", "APPI 第32条"),
    stage="design",
    title=(
        "クラウド利用時は保存・処理する国を明示する",
        "A cloud names the countries where data is stored or processed",
    ),
    fields=("processing.place", "processing.countries"),
)
def cloud_countries(spec, context):
    if spec.processing.place is ProcessingPlace.cloud and not spec.processing.countries:
        yield (
            "クラウドでデータを扱う国（国内なら JP）を processing.countries に列挙してください",
            "List the countries where the cloud stores or processes data in processing.countries "
            "(JP if domestic)",
            "processing.countries",
        )


@rule(
    "HAN-006",
    severity="error",
    basis=("GB §3", "GB §5", "APPI 第23条", "APPI 第32条"),
    stage="design",
    title=(
        "外国で扱う場合は国ごとの制度と外的環境の把握を記載する",
        "Foreign countries come with their regimes and the foreign-environment measures",
    ),
    fields=("processing.countries[].regime", "security.foreign_environment"),
)
def foreign_regimes(spec, context):
    foreign = [c for c in spec.processing.countries if c.code != "JP"]
    for index, country in enumerate(spec.processing.countries):
        if country.code != "JP" and blank(country.regime):
            yield (
                f"{country.name.ja} の個人情報保護制度（regime）を記載してください",
                f"Describe the personal-information regime of {country.name.en} (regime)",
                f"processing.countries[{index}].regime",
            )
    if foreign and blank(spec.security.foreign_environment):
        yield (
            "外国でデータを扱うため、外的環境の把握（security.foreign_environment）を記載してください",
            "Data is handled abroad: describe the foreign-environment measures "
            "(security.foreign_environment)",
            "security.foreign_environment",
        )


@rule(
    "HAN-007",
    severity="warning",
    basis=("GB §2",),
    stage="design",
    title=(
        "カメラ画像をエッジの外へ送らない（⑤を除く）",
        "Camera images do not leave the edge (all cases but ⑤)",
    ),
    fields=("processing.place", "processing.raw_images_leave_edge"),
)
def raw_images_stay_at_edge(spec, context):
    if spec.case is not Case.street and spec.processing.raw_images_leave_edge:
        yield (
            "カメラ画像をエッジ外へ送信する設定です。エッジ・メモリ上での処理を検討してください",
            "Camera images leave the edge; process them at the edge or in memory instead",
            "processing.raw_images_leave_edge",
        )


@rule(
    "HAN-008",
    severity="warning",
    # The guidebook asks for no publication URL; privacam wants the notice to say where.
    basis=("privacam policy",),
    stage="handling",
    title=("公表先の URL がある", "Published aggregates have a public URL"),
    fields=("publication.url",),
)
def publication_url(spec, context):
    if spec.publication.publishes_aggregates and not spec.publication.url:
        yield (
            "集計値を公表する場合は公表先の URL を記載してください",
            "Give the URL where aggregates are published",
            "publication.url",
        )
