"""Security measures and secrets (APPI 第23条, 第32条; privacam policy)."""

from __future__ import annotations

import re

from privacam.policy.checks import rule

_KINDS = {
    "organizational": ("組織的", "organisational"),
    "human": ("人的", "human"),
    "physical": ("物理的", "physical"),
    "technical": ("技術的", "technical"),
}
#: user:password@ in a URL, where the password is not a ${ENV_VAR} placeholder.
_INLINE_PASSWORD = re.compile(r"://[^/:@\s]+:(?!\$\{)[^@\s]+@")


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
    places = [(f"cameras[{i}].source", c.source) for i, c in enumerate(spec.cameras)]
    places.append(("store.url", spec.store.url))
    for path, value in places:
        if _INLINE_PASSWORD.search(value):
            yield (
                f"{path} にパスワードが直接書かれています。${{ENV_VAR}} で参照してください",
                f"{path} contains a password; write it as ${{ENV_VAR}} and export the variable",
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
