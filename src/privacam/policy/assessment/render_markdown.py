"""Render the assessment as Markdown (GitHub-flavoured tables; ``<br>`` joins ja and en)."""

from __future__ import annotations

from privacam.policy.assessment import labels
from privacam.policy.assessment.model import Assessment, SignatureView
from privacam.policy.findings import STAGE_NAMES, Stage
from privacam.policy.localized import LocalizedText

_NONE = "—"


def _esc(text: str) -> str:
    """Text from the deployment file never becomes HTML in a Markdown viewer."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str) -> str:
    """Text safe inside a table cell: no HTML, no pipes, no line breaks."""
    return _esc(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _bi(text: LocalizedText | None, sep: str = "<br>") -> str:
    if text is None:
        return _NONE
    if text.ja == text.en:
        return _cell(text.ja)
    return f"{_cell(text.ja)}{sep}{_cell(text.en)}"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(*header), _row(*["---"] * len(header)), *(_row(*row) for row in rows), ""]


def _yes(value: bool) -> str:
    return "はい / yes" if value else "いいえ / no"


def _signature(signature: SignatureView | None) -> str:
    if signature is None:
        return "**未記入 / not filled**"
    date = f" {signature.date.isoformat()}" if signature.date else ""
    return _cell(f"{signature.name}（{signature.role}）{date}")


def render_markdown(a: Assessment) -> str:
    """The report as Markdown text."""
    c = a.context
    out: list[str] = [
        f"# {a.title.ja}",
        "",
        f"**{a.title.en}**",
        "",
        f"評価日 / Assessed on: {c.assessed_on.isoformat()} · privacam {c.privacam_version} · "
        f"SHA-256: `{c.deployment_sha256}`",
        "",
        f"> **{a.signoff.status_text.ja}**  ",
        f"> **{a.signoff.status_text.en}**",
        "",
    ]
    k, r = a.checks, a.residual
    out += _table(
        [
            "適用ケース / Case",
            "影響度 / Privacy impact",
            "確認結果 / Checks",
            "残存リスク / Residual risk",
        ],
        [
            [
                f"{c.case_number} {_bi(c.case_title)}",
                f"**{a.analysis.impact_level} / 3** {_bi(a.analysis.impact_name)}",
                _bi(k.text),
                f"高 high {r.high} · 中 medium {r.medium} · 低 low {r.low}",
            ]
        ],
    )
    out += [
        labels.DISCLAIMER.ja,
        "",
        labels.DISCLAIMER.en,
        "",
        "## 1. 概要 / Context",
        "",
    ]
    countries = (
        "<br>".join(
            f"{x.code} {_bi(x.name, ' / ')}: {_bi(x.regime, ' / ') if x.regime else '制度の記載なし / regime not stated'}"
            for x in c.countries
        )
        or "国外での処理なし / none declared"
    )
    period_end = c.period_end.isoformat() if c.period_end else "終了日未定 / until further notice"
    out += _table(
        ["項目 / Item", "内容 / Value"],
        [
            ["運用実施主体<br>Operator", _bi(c.operator)],
            ["問い合わせ窓口<br>Inquiry point", _bi(c.inquiry)],
            ["個人情報保護管理者<br>Privacy officer", _cell(c.privacy_officer or _NONE)],
            ["設置場所<br>Site", _bi(c.site)],
            ["空間の種類<br>Space type", _bi(c.space_type_name)],
            ["適用ケース<br>Application case", f"{c.case_number} {_bi(c.case_title)}"],
            [
                "運用期間<br>Period of operation",
                f"{c.period_start.isoformat()} 〜 {period_end}"
                + (f"<br>{_bi(c.period_hours, ' / ')}" if c.period_hours else "")
                + f"<br>{c.timezone}",
            ],
            ["処理場所<br>Processing place", _bi(c.processing_place_name)],
            ["画像をエッジ外へ送る<br>Images leave the edge", _yes(c.raw_images_leave_edge)],
            ["国・地域と制度<br>Countries and regimes", countries],
            ["保存先<br>Storage", _bi(c.storage)],
            ["詳細な通知<br>Full notice", _cell(c.notice_url)],
        ],
    )
    out += ["### カメラ / Cameras", ""]
    out += _table(
        [
            "ID",
            "設置場所 / Placement",
            "撮影範囲 / Field of view",
            "解像度 / Resolution",
            "掲示 / Sign",
        ],
        [
            [
                f"`{cam.id}`",
                _bi(cam.placement),
                _bi(cam.field_of_view),
                cam.resolution or _NONE,
                f"{_bi(cam.notice_location)}<br>撮影範囲の手前 / before the area: "
                f"{_yes(cam.notice_before_capture_area)}",
            ]
            for cam in c.cameras
        ],
    )

    out += ["## 2. データの棚卸しとライフサイクル / Data inventory and lifecycle", ""]
    out += ["### ライフサイクル / Lifecycle", ""]
    for i, step in enumerate(a.inventory.lifecycle, 1):
        out.append(
            f"{i}. **{step.name.ja} / {step.name.en}**: {_esc(step.text.ja)} — {_esc(step.text.en)}"
        )
    out.append("")
    if a.inventory.missing_required:
        out += [
            "**この適用ケースで必要なデータ項目の宣言がない / Data items this case needs are not "
            f"declared: {', '.join(a.inventory.missing_required)}**",
            "",
        ]
    for group in a.inventory.groups:
        out += [
            f"### {group.name.ja} / {group.name.en}",
            "",
            group.meaning.ja,
            "",
            group.meaning.en,
        ]
        out.append("")
        out += _table(
            [
                "データ項目 / Data item",
                "保存期間 / Retention",
                "既定値・上限 / Default, ceiling (GB §6)",
                "評価 / Status",
                "期間経過後 / At expiry",
                "処理 / Processed",
                "保存 / Stored",
            ],
            [
                [
                    f"{_bi(item.description)}<br>`{item.key}`",
                    _bi(item.retention),
                    (
                        f"{_cell(item.default.ja)} / {_cell(item.ceiling.ja)}<br>"
                        f"{_cell(item.default.en)} / {_cell(item.ceiling.en)}"
                        if item.default and item.ceiling
                        else _NONE
                    ),
                    _bi(item.retention_status_text),
                    _bi(item.at_expiry_text),
                    _bi(item.processed_at),
                    _bi(item.stored_at),
                ]
                for item in group.items
            ],
        )

    an = a.analysis
    out += ["## 3. 正当性・必要性・相当性 / Legitimacy, necessity and proportionality", ""]
    out += [an.justification_statement.ja, "", an.justification_statement.en, ""]
    attributes = (
        "、".join(
            f"{x.name.ja} / {x.name.en}" + (" **（禁止 / forbidden）**" if x.forbidden else "")
            for x in an.inferred_attributes
        )
        or "なし / none"
    )
    out += _table(
        ["項目 / Item", "内容 / Value"],
        [
            [_bi(entry.name), _bi(entry.text) if entry.text else "**記載なし / not written**"]
            for entry in an.entries
        ]
        + [
            [
                "プライバシーへの影響度<br>Privacy impact level",
                f"**{an.impact_level} / 3** {_bi(an.impact_name)}<br>"
                f"{_cell(an.impact_explanation.ja)}<br>{_cell(an.impact_explanation.en)}",
            ],
            ["連結の範囲<br>Linking scope", _bi(an.linking_scope)],
            ["他のデータとの連携<br>Linking to other data", _bi(an.external_linking)],
            ["推定する属性<br>Inferred attributes", _cell(attributes)],
        ],
    )

    out += ["## 4. 段階別チェックリスト / Checklist by stage", ""]
    for i, stage in enumerate(a.checklist, 1):
        out += [
            f"### 4.{i} {stage.name.ja} / {stage.name.en} — {stage.counts.ja} ({stage.counts.en})",
            "",
        ]
        if not stage.items:
            out += ["この段階のルールはまだない / No rule covers this stage yet.", ""]
            continue
        rows = []
        for item in stage.items:
            evidence = "<br>".join(
                f"`{_cell(e.path)}`: {_bi(e.value, ' / ')}" for e in item.evidence
            )
            result = (
                f"**{labels.SEVERITIES[item.result].ja} / {labels.SEVERITIES[item.result].en}**"
            )
            for finding in item.findings:
                result += f"<br>• {_bi(finding.message)}"
            rows.append(
                [
                    f"`{item.rule_id}`",
                    _bi(item.title),
                    _cell("; ".join(item.basis)),
                    evidence or _NONE,
                    result,
                ]
            )
        out += _table(
            ["ID", "確認項目 / Check", "根拠 / Basis", "証跡 / Evidence", "結果 / Result"], rows
        )

    out += [
        "## 5. リスク登録簿 / Risk register",
        "",
        labels.RISK_METHOD.ja,
        "",
        labels.RISK_METHOD.en,
    ]
    out.append("")
    rows = []
    for r in a.risks:
        adjustments = "<br>".join(
            f"{labels.FACTORS[x.factor].ja} / {labels.FACTORS[x.factor].en} {x.delta:+d}: "
            f"{_cell(x.reason.ja)} — {_cell(x.reason.en)}"
            + (f" [{', '.join(x.rules)}]" if x.rules else "")
            for x in r.adjustments
        )
        rows.append(
            [
                f"{_bi(r.title)}<br>`{r.id}`",
                f"{r.inherent_severity}×{r.inherent_likelihood} = {r.inherent_score}<br>"
                f"{labels.RISK_LEVELS[r.inherent_level].ja} / {r.inherent_level}",
                adjustments or "調整なし / no adjustment",
                f"**{r.residual_severity}×{r.residual_likelihood} = {r.residual_score}**<br>"
                f"{labels.RISK_LEVELS[r.residual_level].ja} / {r.residual_level}",
                _bi(r.mitigation),
            ]
        )
    out += _table(
        [
            "リスク / Risk",
            "固有 / Inherent S×L",
            "調整（理由） / Adjustments (reason)",
            "残存 / Residual S×L",
            "対策 / Mitigation",
        ],
        rows,
    )

    s = a.signoff
    out += ["## 6. 残存リスクと承認 / Residual risk and sign-off", ""]
    out += [a.residual.statement.ja, "", a.residual.statement.en, ""]
    out += _table(
        ["項目 / Item", "内容 / Value"],
        [
            ["作成者<br>Prepared by", _signature(s.prepared_by)],
            ["承認者<br>Approved by", _signature(s.approved_by)],
            [
                "残存リスクの受容<br>Residual risk accepted",
                "受容する / accepted" if s.residual_risk_accepted else "未受容 / not accepted",
            ],
            ["備考<br>Note", _bi(s.note)],
            ["状態<br>Status", f"**{_bi(s.status_text)}**"],
        ],
    )

    k = a.checks
    out += [
        "## 7. 確認結果の概要 / Check summary",
        "",
        k.text.ja,
        "",
        k.text.en,
        "",
    ]
    if k.findings:
        stage_names = {stage.value: STAGE_NAMES[stage] for stage in Stage}
        out += _table(
            ["重要度 / Severity", "ID", "段階 / Stage", "内容 / Message", "根拠 / Basis"],
            [
                [
                    f"{labels.SEVERITIES[f.severity].ja} / {f.severity}",
                    f"`{f.rule_id}`",
                    _bi(stage_names[f.stage], " / ") if f.stage in stage_names else _NONE,
                    _bi(f.message),
                    _cell("; ".join(f.basis)),
                ]
                for f in k.findings
            ],
        )
    else:
        out += ["指摘事項なし / No findings.", ""]
    return "\n".join(out).rstrip() + "\n"
