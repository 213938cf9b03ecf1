"""Render the assessment as an A4 PDF with ReportLab, set in the notice font (IPAexGothic).

The font comes from :mod:`privacam.policy.notice.font` (which honours ``PRIVACAM_FONT``),
so the notice and the assessment always use the same, embeddable TrueType font.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from privacam.policy.assessment import labels
from privacam.policy.assessment.model import (
    Assessment,
    ChecklistItem,
    Context,
    InventoryItem,
    Risk,
    SignatureView,
    SignOffView,
)
from privacam.policy.assessment.paragraph import PhraseParagraph
from privacam.policy.findings import STAGE_NAMES, Stage
from privacam.policy.localized import LocalizedText
from privacam.policy.notice.font import font_name

_GREY = "#5b6470"
_RESULT_COLOURS = {
    "pass": "#067647",
    "not_applicable": _GREY,
    "error": "#b42318",
    "warning": "#b54708",
    "info": "#175cd3",
    "low": "#067647",
    "medium": "#b54708",
    "high": "#b42318",
}
_WIDTH = A4[0] - 30 * mm


class _Styles:
    def __init__(self, font: str) -> None:
        def style(name: str, size: float, **extra: object) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=size * 1.4, wordWrap="CJK", **extra
            )

        self.title = style("title", 15, spaceAfter=2)
        self.subtitle = style("subtitle", 11, textColor=_GREY, spaceAfter=6)
        self.h2 = style("h2", 12.5, spaceBefore=12, spaceAfter=5)
        self.h3 = style("h3", 10.5, spaceBefore=8, spaceAfter=4)
        self.body = style("body", 8.5, spaceAfter=3)
        self.meta = style("meta", 7.5, textColor=_GREY, spaceAfter=3)
        self.cell = style("cell", 7.5)
        self.head = style("head", 7.5)


def _e(text: str) -> str:
    return escape(text)


def _bi(text: LocalizedText | None) -> str:
    if text is None:
        return "—"
    if text.ja == text.en:
        return _e(text.ja)
    return f'{_e(text.ja)}<br/><font color="{_GREY}">{_e(text.en)}</font>'


def _two(ja: str, en: str) -> str:
    return f'{_e(ja)}<br/><font color="{_GREY}">{_e(en)}</font>'


def _mark(key: str, text: str) -> str:
    return f'<font color="{_RESULT_COLOURS[key]}"><b>{_e(text)}</b></font>'


def _yes(value: bool) -> str:
    return "はい / yes" if value else "いいえ / no"


def _signature(signature: SignatureView | None) -> str:
    if signature is None:
        return _mark("error", "未記入 / not filled")
    date = f" {signature.date.isoformat()}" if signature.date else ""
    return _e(f"{signature.name}（{signature.role}）{date}")


class _Builder:
    def __init__(self, styles: _Styles) -> None:
        self.s = styles
        self.story: list = []

    def p(self, markup: str, style: ParagraphStyle | None = None) -> None:
        self.story.append(PhraseParagraph(markup, style or self.s.body))

    def h2(self, ja: str, en: str) -> None:
        self.p(f'{_e(ja)} <font color="{_GREY}">{_e(en)}</font>', self.s.h2)

    def h3(self, ja: str, en: str, extra: str = "") -> None:
        self.p(f'{_e(ja)} <font color="{_GREY}">{_e(en)}</font>{extra}', self.s.h3)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        data = [[PhraseParagraph(h, self.s.head) for h in header]]
        data += [[PhraseParagraph(cell, self.s.cell) for cell in row] for row in rows]
        table = Table(data, colWidths=[w * _WIDTH for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#d0d7de")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f6f8fa")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.story.append(table)
        self.story.append(Spacer(1, 4))

    def kv(self, rows: list[tuple[str, str]]) -> None:
        self.table(["項目<br/>Item", "内容<br/>Value"], [list(r) for r in rows], [0.25, 0.75])


def _summary(b: _Builder, a: Assessment) -> None:
    """The title, the sign-off banner and the report at a glance."""
    c, k, r = a.context, a.checks, a.residual
    b.p(_e(a.title.ja), b.s.title)
    b.p(_e(a.title.en), b.s.subtitle)
    b.p(
        f"評価日 / Assessed on: {c.assessed_on.isoformat()} · privacam {c.privacam_version}<br/>"
        f"SHA-256: {c.deployment_sha256}",
        b.s.meta,
    )
    status = "pass" if a.signoff.status == "signed" else "error"
    b.p(_mark(status, a.signoff.status_text.ja) + "<br/>" + _mark(status, a.signoff.status_text.en))
    b.table(
        [
            _two("適用ケース", "Case"),
            _two("影響度", "Privacy impact"),
            _two("確認結果", "Checks"),
            _two("残存リスク", "Residual risk"),
        ],
        [
            [
                f"{c.case_number} {_bi(c.case_title)}",
                f"<b>{a.analysis.impact_level} / 3</b> {_bi(a.analysis.impact_name)}",
                _bi(k.text),
                _mark("high", f"高 high {r.high}")
                + " · "
                + _mark("medium", f"中 medium {r.medium}")
                + " · "
                + _mark("low", f"低 low {r.low}"),
            ]
        ],
        [0.25, 0.25, 0.25, 0.25],
    )
    b.p(_two(labels.DISCLAIMER.ja, labels.DISCLAIMER.en), b.s.meta)


def _countries(c: Context) -> str:
    return (
        "<br/>".join(
            f"{x.code} {_e(x.name.ja)} / {_e(x.name.en)}: "
            + (_bi(x.regime) if x.regime else _mark("error", "制度の記載なし / regime not stated"))
            for x in c.countries
        )
        or "国外での処理なし / none declared"
    )


def _period(c: Context) -> str:
    period_end = c.period_end.isoformat() if c.period_end else "終了日未定 / until further notice"
    return (
        f"{c.period_start.isoformat()} 〜 {_e(period_end)}"
        + (f"<br/>{_bi(c.period_hours)}" if c.period_hours else "")
        + f"<br/>{_e(c.timezone)}"
    )


def _context(b: _Builder, a: Assessment) -> None:
    """Section 1: who, where, what and when."""
    c = a.context
    b.h2("1. 概要", "Context")
    b.kv(
        [
            (_two("運用実施主体", "Operator"), _bi(c.operator)),
            (_two("問い合わせ窓口", "Inquiry point"), _bi(c.inquiry)),
            (_two("個人情報保護管理者", "Privacy officer"), _e(c.privacy_officer or "—")),
            (_two("設置場所", "Site"), _bi(c.site)),
            (_two("空間の種類", "Space type"), _bi(c.space_type_name)),
            (_two("適用ケース", "Application case"), f"{c.case_number} {_bi(c.case_title)}"),
            (_two("運用期間", "Period of operation"), _period(c)),
            (
                _two("処理場所", "Processing place"),
                _bi(c.processing_place_name)
                + f"<br/>画像をエッジ外へ送る / images leave the edge: "
                f"{_yes(c.raw_images_leave_edge)}",
            ),
            (_two("国・地域と制度", "Countries and regimes"), _countries(c)),
            (_two("保存先", "Storage"), _bi(c.storage)),
            (_two("詳細な通知", "Full notice"), _e(c.notice_url)),
        ]
    )
    b.h3("カメラ", "Cameras")
    b.table(
        [
            "ID",
            _two("設置場所", "Placement"),
            _two("撮影範囲", "Field of view"),
            _two("解像度", "Resolution"),
            _two("掲示", "Sign"),
        ],
        [
            [
                _e(cam.id),
                _bi(cam.placement),
                _bi(cam.field_of_view),
                _e(cam.resolution or "—"),
                _bi(cam.notice_location)
                + f"<br/>撮影範囲の手前 / before the area: {_yes(cam.notice_before_capture_area)}",
            ]
            for cam in c.cameras
        ],
        [0.08, 0.25, 0.25, 0.1, 0.32],
    )


def _inventory_row(item: InventoryItem) -> list[str]:
    return [
        _bi(item.description) + f"<br/>{_e(item.key)}",
        _bi(item.retention),
        (
            _two(
                f"{item.default.ja} / {item.ceiling.ja}",
                f"{item.default.en} / {item.ceiling.en}",
            )
            if item.default and item.ceiling
            else "—"
        ),
        (
            _mark("error", item.retention_status_text.ja)
            if item.retention_status == "above_ceiling"
            else _e(item.retention_status_text.ja)
        )
        + f'<br/><font color="{_GREY}">{_e(item.retention_status_text.en)}</font>',
        _bi(item.at_expiry_text),
        _bi(item.processed_at) + "<br/>" + _bi(item.stored_at),
    ]


def _inventory(b: _Builder, a: Assessment) -> None:
    """Section 2: the lifecycle, then every data item by data class."""
    b.h2("2. データの棚卸しとライフサイクル", "Data inventory and lifecycle")
    b.h3("ライフサイクル", "Lifecycle")
    b.table(
        [_two(step.name.ja, step.name.en) for step in a.inventory.lifecycle],
        [[_bi(step.text) for step in a.inventory.lifecycle]],
        [0.25] * len(a.inventory.lifecycle),
    )
    if a.inventory.missing_required:
        b.p(
            _mark(
                "error",
                "必要なデータ項目の宣言がない / required data items not declared: "
                + ", ".join(a.inventory.missing_required),
            )
        )
    for group in a.inventory.groups:
        b.h3(group.name.ja, group.name.en)
        b.p(_two(group.meaning.ja, group.meaning.en), b.s.meta)
        b.table(
            [
                _two("データ項目", "Data item"),
                _two("保存期間", "Retention"),
                _two("既定値 / 上限", "Default / ceiling"),
                _two("評価", "Status"),
                _two("期間経過後", "At expiry"),
                _two("処理 / 保存", "Processed / stored"),
            ],
            [_inventory_row(item) for item in group.items],
            [0.2, 0.12, 0.16, 0.16, 0.14, 0.22],
        )


def _analysis(b: _Builder, a: Assessment) -> None:
    """Section 3: legitimacy, necessity, proportionality and the impact level."""
    an = a.analysis
    b.h2("3. 正当性・必要性・相当性", "Legitimacy, necessity and proportionality")
    b.p(_bi(an.justification_statement))
    attributes = (
        "、".join(
            _e(f"{x.name.ja} / {x.name.en}")
            + (_mark("error", "（禁止 / forbidden）") if x.forbidden else "")
            for x in an.inferred_attributes
        )
        or "なし / none"
    )
    b.kv(
        [
            (
                _bi(entry.name),
                _bi(entry.text) if entry.text else _mark("error", "記載なし / not written"),
            )
            for entry in an.entries
        ]
        + [
            (
                _two("プライバシーへの影響度", "Privacy impact level"),
                f"<b>{an.impact_level} / 3</b> {_bi(an.impact_name)}<br/>"
                f'<font color="{_GREY}">{_e(an.impact_explanation.ja)} '
                f"{_e(an.impact_explanation.en)}</font>",
            ),
            (_two("連結の範囲", "Linking scope"), _bi(an.linking_scope)),
            (_two("他のデータとの連携", "Linking to other data"), _bi(an.external_linking)),
            (_two("推定する属性", "Inferred attributes"), attributes),
        ]
    )


#: Findings a checklist cell shows before it points to section 7 for the rest.
_FINDINGS_PER_CELL = 6


def _checklist_row(item: ChecklistItem) -> list[str]:
    evidence = "<br/>".join(
        f"<b>{_e(e.path)}</b>: {_e(e.value.ja)}"
        + (
            ""
            if e.value.ja == e.value.en
            else f'<br/><font color="{_GREY}">{_e(e.value.en)}</font>'
        )
        for e in item.evidence
    )
    result = _mark(
        item.result,
        f"{labels.SEVERITIES[item.result].ja} / {labels.SEVERITIES[item.result].en}",
    )
    # A table cell cannot break across pages: a rule with many findings (one placeholder per
    # section, say) shows its first few here, and section 7 lists them all.
    for finding in item.findings[:_FINDINGS_PER_CELL]:
        result += "<br/>• " + _bi(finding.message)
    if len(item.findings) > _FINDINGS_PER_CELL:
        more = len(item.findings) - _FINDINGS_PER_CELL
        result += f"<br/>• ほか {more} 件（7. に一覧） / {more} more, listed in section 7"
    return [_e(item.rule_id), _bi(item.title), _e("; ".join(item.basis)), evidence, result]


def _checklist(b: _Builder, a: Assessment) -> None:
    """Section 4: every rule under its stage, with its evidence and result."""
    b.h2("4. 段階別チェックリスト", "Checklist by stage")
    for i, stage in enumerate(a.checklist, 1):
        b.h3(
            f"4.{i} {stage.name.ja}",
            stage.name.en,
            f'<font size="8" color="{_GREY}"> — {_e(stage.counts.ja)} '
            f"({_e(stage.counts.en)})</font>",
        )
        if not stage.items:
            b.p("この段階のルールはまだない / No rule covers this stage yet.", b.s.meta)
            continue
        b.table(
            [
                "ID",
                _two("確認項目", "Check"),
                _two("根拠", "Basis"),
                _two("証跡", "Evidence"),
                _two("結果", "Result"),
            ],
            [_checklist_row(item) for item in stage.items],
            [0.08, 0.22, 0.13, 0.3, 0.27],
        )


def _adjustments(r: Risk) -> str:
    return (
        "<br/>".join(
            _mark("high" if x.delta > 0 else "low", f"{labels.FACTORS[x.factor].ja} {x.delta:+d}")
            + f" {_e(x.reason.ja)}<br/>"
            + f'<font color="{_GREY}">{labels.FACTORS[x.factor].en} {x.delta:+d}: '
            + _e(x.reason.en)
            + (f" [{_e(', '.join(x.rules))}]" if x.rules else "")
            + "</font>"
            for x in r.adjustments
        )
        or "調整なし / no adjustment"
    )


def _risk_row(r: Risk) -> list[str]:
    return [
        _bi(r.title) + f"<br/>{_e(r.id)}",
        f"{r.inherent_severity}×{r.inherent_likelihood} = {r.inherent_score}<br/>"
        + _mark(
            r.inherent_level, f"{labels.RISK_LEVELS[r.inherent_level].ja} / {r.inherent_level}"
        ),
        _adjustments(r),
        f"<b>{r.residual_severity}×{r.residual_likelihood} = {r.residual_score}</b><br/>"
        + _mark(
            r.residual_level, f"{labels.RISK_LEVELS[r.residual_level].ja} / {r.residual_level}"
        ),
        _bi(r.mitigation),
    ]


def _risks(b: _Builder, a: Assessment) -> None:
    """Section 5: the scored risk register."""
    b.h2("5. リスク登録簿", "Risk register")
    b.p(_two(labels.RISK_METHOD.ja, labels.RISK_METHOD.en), b.s.meta)
    b.table(
        [
            _two("リスク", "Risk"),
            _two("固有", "Inherent S×L"),
            _two("調整（理由）", "Adjustments (reason)"),
            _two("残存", "Residual S×L"),
            _two("対策", "Mitigation"),
        ],
        [_risk_row(r) for r in a.risks],
        [0.2, 0.1, 0.39, 0.1, 0.21],
    )


def _residual(b: _Builder, a: Assessment) -> None:
    """Section 6: the residual risk and who signed it off, kept on one page."""
    b.h2("6. 残存リスクと承認", "Residual risk and sign-off")
    b.p(_bi(a.residual.statement))
    b.story.append(KeepTogether(_signoff_table(b, a.signoff)))


def _check_summary(b: _Builder, a: Assessment) -> None:
    """Section 7: every finding of the checks."""
    k = a.checks
    b.h2("7. 確認結果の概要", "Check summary")
    b.p(_bi(k.text))
    if not k.findings:
        return
    stage_names = {stage.value: STAGE_NAMES[stage] for stage in Stage}
    b.table(
        [
            _two("重要度", "Severity"),
            "ID",
            _two("段階", "Stage"),
            _two("内容", "Message"),
            _two("根拠", "Basis"),
        ],
        [
            [
                _mark(f.severity, f"{labels.SEVERITIES[f.severity].ja} / {f.severity}"),
                _e(f.rule_id),
                _bi(stage_names.get(f.stage)),
                _bi(f.message),
                _e("; ".join(f.basis)),
            ]
            for f in k.findings
        ],
        [0.1, 0.08, 0.12, 0.5, 0.2],
    )


#: The report's sections in order; each adds its flowables to the story.
_SECTIONS = (
    _summary,
    _context,
    _inventory,
    _analysis,
    _checklist,
    _risks,
    _residual,
    _check_summary,
)


def _story(a: Assessment, styles: _Styles) -> list:
    b = _Builder(styles)
    for section in _SECTIONS:
        section(b, a)
    return b.story


def _signoff_table(b: _Builder, s: SignOffView) -> list:
    inner = _Builder(b.s)
    inner.kv(
        [
            (_two("作成者", "Prepared by"), _signature(s.prepared_by)),
            (_two("承認者", "Approved by"), _signature(s.approved_by)),
            (
                _two("残存リスクの受容", "Residual risk accepted"),
                "受容する / accepted" if s.residual_risk_accepted else "未受容 / not accepted",
            ),
            (_two("備考", "Note"), _bi(s.note)),
            *(
                (
                    _two(attestation.name.ja, attestation.name.en),
                    "表明済み / attested" if attestation.attested else "未表明 / not attested",
                )
                for attestation in s.attestations
            ),
            (
                _two("状態", "Status"),
                _mark("pass" if s.status == "signed" else "error", s.status_text.ja)
                + "<br/>"
                + _mark("pass" if s.status == "signed" else "error", s.status_text.en),
            ),
        ]
    )
    return inner.story


def render_pdf(assessment: Assessment) -> bytes:
    """The report as PDF bytes (A4 portrait, page numbers and the file hash in the footer)."""
    font = font_name()
    styles = _Styles(font)
    buffer = io.BytesIO()
    c = assessment.context

    def footer(canvas, doc) -> None:  # ReportLab page callback
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(colors.HexColor(_GREY))
        canvas.drawString(
            15 * mm,
            10 * mm,
            f"privacam {c.privacam_version} · {c.assessed_on.isoformat()} · "
            f"SHA-256 {c.deployment_sha256[:16]}…",
        )
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"{doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=16 * mm,
        title=f"{assessment.title.ja} / {assessment.title.en}",
        author=assessment.context.operator.en,
        creator=f"privacam {c.privacam_version}",
        invariant=1,  # same input, same bytes: no creation timestamp or random id
    )
    doc.build(_story(assessment, styles), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
