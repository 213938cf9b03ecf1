"""Security measures and secrets (APPI 第23条, 第32条; privacam policy)."""

from __future__ import annotations

import re

from privacam.policy.checks import rule
from privacam.policy.loader import placeholders
from privacam.policy.retention import RETENTION
from privacam.policy.rules._util import walk_strings
from privacam.policy.spec import DataClass
from privacam.secret_values import literal_query_secrets

_KINDS = {
    "organizational": ("組織的", "organisational"),
    "human": ("人的", "human"),
    "physical": ("物理的", "physical"),
    "technical": ("技術的", "technical"),
}
#: user:password@ in a URL, where the password is not a ${ENV_VAR} placeholder.
_INLINE_PASSWORD = re.compile(r"://[^/:@\s]+:(?!\$\{)[^@\s]+@")
#: The fields whose ${ENV_VAR}s privacam resolves (to connect); see policy.loader.
_CONNECTION_FIELD = re.compile(r"^(cameras\[\d+\]\.source|store\.url)$")


def _connection_fields(spec):
    places = [(f"cameras[{i}].source", c.source) for i, c in enumerate(spec.cameras)]
    places.append(("store.url", spec.store.url))
    return places


@rule(
    "SEC-001",
    severity="error",
    basis=("GB §2", "APPI 第23条", "APPI 第32条"),
    stage="management",
    title=(
        "安全管理措置を4区分（組織的・人的・物理的・技術的）すべてで講じている",
        "Security measures in all four kinds (organisational, human, physical, technical)",
    ),
    fields=(
        "security.organizational",
        "security.human",
        "security.physical",
        "security.technical",
    ),
)
def four_kinds(spec, context):
    for kind, (ja, en) in _KINDS.items():
        if not getattr(spec.security, kind):
            yield (
                f"{ja}安全管理措置が記載されていません",
                f"No {en} security measure is declared",
                f"security.{kind}",
            )


@rule(
    "SEC-002",
    severity="error",
    basis=("privacam policy", "APPI 第23条"),
    stage="design",
    title=(
        "パスワード等の秘密情報をファイルに直接書かない（${ENV_VAR}）",
        "Secrets are not written in the file (use ${ENV_VAR})",
    ),
    fields=("cameras[].source", "store.url"),
)
def no_inline_secrets(spec, context):
    for path, value in _connection_fields(spec):
        if _INLINE_PASSWORD.search(value):
            yield (
                f"{path} にパスワードが直接書かれています。${{ENV_VAR}} で参照してください",
                f"{path} contains a password; write it as ${{ENV_VAR}} and export the variable",
                path,
            )
        for name in literal_query_secrets(value):
            yield (
                f"{path} のクエリ文字列 {name}= に秘密情報が直接書かれています。"
                "${ENV_VAR} で参照してください",
                f"{path}: the query parameter {name}= holds a secret written in the file; "
                "write it as ${ENV_VAR} and export the variable",
                path,
            )


@rule(
    "SEC-003",
    severity="warning",
    basis=("GB §2", "privacam policy"),
    stage="management",
    title=(
        "識別符号を扱う場合は暗号化を技術的措置に含める",
        "Identifiers are covered by encryption in the technical measures",
    ),
    fields=("data_items[].data_class", "security.technical"),
)
def identifiers_encrypted(spec, context):
    has_identifier = any(item.data_class.value == "identifier" for item in spec.data_items)
    mentions = any(
        "暗号" in measure.ja or "encrypt" in measure.en.lower()
        for measure in spec.security.technical
    )
    if has_identifier and not mentions:
        yield (
            "識別符号（顔特徴量など）を保存するため、暗号化を技術的安全管理措置に記載してください",
            "Identifiers (e.g. face features) are stored: list encryption among the technical "
            "measures",
            "security.technical",
        )


@rule(
    "SEC-004",
    severity="error",
    basis=("GB §3", "privacam policy"),
    stage="capture",
    title=(
        "${ENV_VAR} は接続先（cameras[].source, store.url）にだけ書き、公開される文には書かない",
        "${ENV_VAR} stands only where privacam connects (cameras[].source, store.url), never "
        "in public text",
    ),
    fields=("cameras[].source", "store.url"),
)
def placeholders_only_where_connecting(spec, context):
    for path, text in walk_strings(spec.model_dump(mode="json")):
        if _CONNECTION_FIELD.match(path):
            continue
        for name in dict.fromkeys(placeholders(text)):
            yield (
                f"{path} の ${{{name}}} は置換されず、通知や報告書にそのまま表示されます。"
                "${ENV_VAR} は cameras[].source と store.url にだけ書けます",
                f"{path}: ${{{name}}} is not substituted here and would be printed as written on "
                "the notice and in reports; ${ENV_VAR} belongs only in cameras[].source and "
                "store.url",
                path,
            )


@rule(
    "SEC-005",
    severity="warning",
    basis=("privacam policy",),
    stage="design",
    title=(
        "接続先の ${ENV_VAR} が環境変数として設定されている",
        "The ${ENV_VAR}s of the cameras and the store are set in the environment",
    ),
    fields=("cameras[].source", "store.url"),
)
def connection_variables_set(spec, context):
    for path, value in _connection_fields(spec):
        if path == "store.url":
            ja_when, en_when = (
                "ストアを開くコマンド（run, notice, export, purge, audit）",
                "commands that open the store (run, notice, export, purge, audit)",
            )
        else:
            ja_when, en_when = "このカメラに接続する privacam run", "privacam run on this camera"
        for name in dict.fromkeys(placeholders(value)):
            if name not in context.environment:
                yield (
                    f"{path} の環境変数 {name} が設定されていません。{ja_when}の前に "
                    f"export {name}=... を実行してください",
                    f"{path}: environment variable {name} is not set; export {name}=... before "
                    f"{en_when}",
                    path,
                )


def _kept_personal_items(spec) -> list[str]:
    """Keys of the data items kept for any time that are personal data or identifiers, by
    their declared class or privacam's (declaring personal data as statistics does not help)."""
    kept = []
    for item in spec.data_items:
        limit = RETENTION.get(item.key)
        classes = {item.data_class} | ({limit.data_class} if limit else set())
        if item.retention.total_seconds() > 0 and classes - {DataClass.statistics}:
            kept.append(item.key)
    return kept


@rule(
    "SEC-006",
    severity="error",
    basis=("GB §2", "APPI 第23条"),
    stage="design",
    title=(
        "個人データを保存する場合は、ストアを読める者（OS 上の所有者・役割）を定めている",
        "When personal data is kept, who may read the store (OS owner, roles) is declared",
    ),
    fields=("store.access.os_owner", "store.access.readers", "data_items[].data_class"),
)
def store_access_declared(spec, context):
    kept = _kept_personal_items(spec)
    if kept and spec.store.access is None:
        yield (
            f"個人データ・識別符号（{', '.join(kept)}）を保存するため、ストアを読める者"
            "（store.access.os_owner: ファイルを所有する OS アカウント、store.access.readers: 役割）"
            "を定めてください",
            f"Personal data or identifiers ({', '.join(kept)}) are kept: declare who may read the "
            "store (store.access.os_owner, the OS account owning its files, and/or "
            "store.access.readers, the roles)",
            "store.access",
        )
