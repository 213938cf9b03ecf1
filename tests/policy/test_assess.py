"""``privacam assess``: the report files, their sections, the risk register and sign-off."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import yaml

from privacam.errors import InputError
from privacam.policy import checks
from privacam.policy.assessment import build_assessment, output_paths, write_assessment
from privacam.policy.assessment.model import Assessment, Risk
from privacam.policy.checks import Rule, all_rules
from privacam.policy.deployment_template import render_template
from privacam.policy.findings import Severity, Stage
from privacam.policy.loader import LoadedSpec, load_spec_text
from privacam.policy.localized import LocalizedText
from tests.policy.conftest import cloud_abroad, united_states

CASES = ("attributes", "flow", "repeat", "counting", "street", "crowd")
TODAY = dt.date(2026, 4, 10)
STAGES_JA = ("企画", "設計", "事前告知", "取得", "取扱い", "管理")
STAGES_EN = ("Plan", "Design", "Prior announcement", "Capture", "Handling", "Management")


@pytest.fixture(autouse=True)
def _camera_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMERA_PASSWORD", "crowd-camera-pw-123")


def _data(case: str) -> dict[str, Any]:
    return yaml.safe_load(render_template(case, today=dt.date(2026, 4, 1)))


def _load(data: dict[str, Any]) -> LoadedSpec:
    return load_spec_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _test_rule(
    rule_id: str,
    check: Callable[..., Any],
    *,
    fields: tuple[str, ...],
    severity: Severity = Severity.error,
    stage: Stage = Stage.capture,
    basis: tuple[str, ...] = ("GB §3",),
) -> Rule:
    """A rule that exists only in the test that registers it."""
    return Rule(
        id=rule_id,
        severity=severity,
        basis=basis,
        stage=stage,
        title=LocalizedText({"ja": "テスト", "en": "test"}),
        fields=fields,
        check=check,
    )


def _loaded(case: str, change: Callable[[dict[str, Any]], None] | None = None) -> LoadedSpec:
    data = _data(case)
    if change:
        change(data)
    return _load(data)


def _risk(report: Assessment, risk_id: str) -> Risk:
    return next(r for r in report.risks if r.id == risk_id)


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


# --- files and sections ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_every_format_is_written_and_names_all_six_stages(case: str, tmp_path: Path) -> None:
    written = write_assessment(_loaded(case), tmp_path / "report.html", today=TODAY)
    assert [p.name for p in written] == ["report.html", "report.md", "report.json", "report.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)

    for path in written[:2]:
        text = path.read_text(encoding="utf-8")
        for name in (*STAGES_JA, *STAGES_EN):
            assert name in text, f"{path.name} lacks stage {name}"

    data = json.loads(written[2].read_text(encoding="utf-8"))
    assert [s["stage"] for s in data["checklist"]] == [stage.value for stage in Stage]
    assert [s["name"]["ja"] for s in data["checklist"]] == list(STAGES_JA)
    assert [s["name"]["en"] for s in data["checklist"]] == list(STAGES_EN)
    # Every registered rule is one checklist item, under its own stage.
    rules = {r.id: r.stage.value for r in all_rules()}
    items = {item["rule_id"]: s["stage"] for s in data["checklist"] for item in s["items"]}
    assert items == rules
    assert data["context"]["case"] == case
    assert data["context"]["assessed_on"] == TODAY.isoformat()

    assert written[3].read_bytes().startswith(b"%PDF-")
    pdf_text = _pdf_text(written[3])
    assert "管理" in pdf_text and "Management" in pdf_text


def test_report_context_inventory_and_analysis_come_from_the_file() -> None:
    loaded = _loaded("repeat")
    report = build_assessment(loaded, TODAY)
    context = report.context
    assert (context.case, context.case_number) == ("repeat", "③")
    assert context.deployment_sha256 == loaded.sha256
    assert context.operator.ja == "株式会社サンプル（例）"
    assert [c.id for c in context.cameras] == ["cam1"]

    classes = {g.data_class: [i.key for i in g.items] for g in report.inventory.groups}
    assert classes == {
        "statistics": ["statistics"],
        "personal": ["raw_images", "visit_history"],
        "identifier": ["face_features", "exclusion_templates"],
    }
    features = next(i for g in report.inventory.groups for i in g.items if i.key == "face_features")
    assert (features.retention.en, features.default.en, features.ceiling.en) == (
        "180 days",
        "180 days",
        "1 year",
    )
    assert [step.name.en for step in report.inventory.lifecycle] == [
        "Raw image",
        "Generated data",
        "Kept data",
        "Deletion / aggregation",
    ]
    assert report.analysis.impact_level == 3
    assert not report.analysis.full_justification_required  # the template is a private shop
    assert "180 days" in report.analysis.linking_scope.en


def test_retention_above_the_ceiling_is_marked() -> None:
    def longer(data: dict[str, Any]) -> None:
        next(i for i in data["data_items"] if i["key"] == "face_features")["retention"] = "2y"

    report = build_assessment(_loaded("repeat", longer), TODAY)
    features = next(i for g in report.inventory.groups for i in g.items if i.key == "face_features")
    assert features.retention_status == "above_ceiling"
    leak = _risk(report, "repeat.identifier_leak")
    assert [a.delta for a in leak.adjustments if "ceiling" in a.reason.en] == [2]


def test_public_space_without_justification_is_reported() -> None:
    def strip(data: dict[str, Any]) -> None:
        data["justification"] = {"legitimacy": data["justification"]["legitimacy"]}

    analysis = build_assessment(_loaded("counting", strip), TODAY).analysis
    assert analysis.full_justification_required
    assert not analysis.justification_complete
    assert "Necessity of capture" in analysis.justification_statement.en
    assert "full written justification is required" in analysis.justification_statement.en


# --- risk register --------------------------------------------------------------------------


def test_repeat_register_has_its_specific_risks_and_counting_does_not() -> None:
    repeat = {r.id for r in build_assessment(_loaded("repeat"), TODAY).risks}
    counting = {r.id for r in build_assessment(_loaded("counting"), TODAY).risks}
    generic = {"generic.leak", "generic.purpose_creep", "generic.transparency"}
    assert repeat == generic | {"repeat.identifier_leak", "repeat.false_match", "repeat.no_opt_out"}
    assert counting == generic | {"counting.unavoidable_space"}


def test_scores_are_products_and_bands_follow_the_score() -> None:
    for case in CASES:
        for risk in build_assessment(_loaded(case), TODAY).risks:
            assert risk.inherent_score == risk.inherent_severity * risk.inherent_likelihood
            assert risk.residual_score == risk.residual_severity * risk.residual_likelihood
            assert 1 <= risk.residual_severity <= 5 and 1 <= risk.residual_likelihood <= 5
            expected = (
                "low"
                if risk.residual_score <= 5
                else "medium"
                if risk.residual_score <= 12
                else "high"
            )
            assert risk.residual_level == expected


def _abroad(data: dict[str, Any]) -> None:
    data["processing"] = cloud_abroad("ExampleCloud", united_states())


def test_cloud_abroad_raises_leak_likelihood_with_its_reasons() -> None:
    edge = _risk(build_assessment(_loaded("repeat"), TODAY), "generic.leak")
    cloud = _risk(build_assessment(_loaded("repeat", _abroad), TODAY), "generic.leak")
    reasons = [a.reason.en for a in cloud.adjustments if a.factor == "likelihood" and a.delta > 0]
    assert "processed and stored in a cloud (ExampleCloud)" in reasons
    assert "stored or processed abroad (United States)" in reasons
    assert cloud.residual_likelihood > edge.residual_likelihood
    # At the edge, unstored images lower the severity; in the cloud that reason is gone.
    assert any("never stored" in a.reason.en for a in edge.adjustments)
    assert not any("never stored" in a.reason.en for a in cloud.adjustments)
    assert cloud.residual_score > edge.residual_score
    identifier = _risk(
        build_assessment(_loaded("repeat", _abroad), TODAY), "repeat.identifier_leak"
    )
    assert any("abroad (United States)" in a.reason.en for a in identifier.adjustments)


def test_a_failing_notice_raises_transparency_likelihood() -> None:
    def late_sign(data: dict[str, Any]) -> None:
        data["cameras"][0]["notice"]["before_capture_area"] = False

    good = _risk(build_assessment(_loaded("flow"), TODAY), "generic.transparency")
    bad = _risk(build_assessment(_loaded("flow", late_sign), TODAY), "generic.transparency")
    assert bad.residual_likelihood > good.residual_likelihood
    assert any("cam1" in a.reason.en and a.delta == 1 for a in bad.adjustments)


def test_failing_rules_raise_the_risk_that_reads_their_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tied by the fields a rule declares, so rules written later count without code changes."""
    always = _test_rule(
        "ZZZ-TEST",
        lambda spec, context: [("掲示が不十分", "the sign is not enough")],
        fields=("cameras[].notice.location",),
        severity=Severity.warning,
    )
    before = _risk(build_assessment(_loaded("counting"), TODAY), "generic.transparency")
    monkeypatch.setitem(checks.RULES, always.id, always)
    after_report = build_assessment(_loaded("counting"), TODAY)
    after = _risk(after_report, "generic.transparency")
    tied = [a for a in after.adjustments if "ZZZ-TEST" in a.rules]
    assert len(tied) == 1 and tied[0].delta == 1 and tied[0].factor == "likelihood"
    assert after.residual_likelihood == min(5, before.residual_likelihood + 1)
    # The rule reads no field of the leak risk, so that row does not move.
    assert not any("ZZZ-TEST" in a.rules for a in _risk(after_report, "generic.leak").adjustments)
    capture = next(s for s in after_report.checklist if s.stage == "capture")
    item = next(i for i in capture.items if i.rule_id == "ZZZ-TEST")
    assert item.result == "warning"
    assert [f.message.en for f in item.findings] == ["the sign is not enough"]
    assert [(e.path, e.value.en) for e in item.evidence] == [
        (
            "cameras[0].notice.location",
            "On both pavements before the arch, before the captured area",
        )
    ]


def test_k_suppression_and_opt_out_lower_their_risks() -> None:
    def publish(k: int) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            data["publication"] = {"publishes_aggregates": True, "k": k, "url": "https://x.jp/s"}

        return change

    k10 = _risk(
        build_assessment(_loaded("attributes", publish(10)), TODAY), "attributes.small_cells"
    )
    k2 = _risk(build_assessment(_loaded("attributes", publish(2)), TODAY), "attributes.small_cells")
    assert (k10.residual_likelihood, k2.residual_likelihood) == (1, 3)
    assert any("k=10" in a.reason.en for a in k10.adjustments)

    def no_opt_out(data: dict[str, Any]) -> None:
        del data["requests"]["opt_out"]

    with_route = _risk(build_assessment(_loaded("repeat"), TODAY), "repeat.no_opt_out")
    without = _risk(build_assessment(_loaded("repeat", no_opt_out), TODAY), "repeat.no_opt_out")
    assert (with_route.residual_likelihood, without.residual_likelihood) == (1, 4)


def test_crowd_tracks_and_street_gps_move_their_case_risks() -> None:
    def tracks(data: dict[str, Any]) -> None:
        data["case_settings"]["crowd"]["store_individual_tracks"] = True

    plain = _risk(build_assessment(_loaded("crowd"), TODAY), "crowd.tracking_creep")
    tracked = _risk(build_assessment(_loaded("crowd", tracks), TODAY), "crowd.tracking_creep")
    assert (plain.residual_likelihood, tracked.residual_likelihood) == (1, 4)
    assert "individual tracks are stored" in [a.reason.en for a in tracked.adjustments]
    assert tracked.residual_level == "high"

    def no_gps(data: dict[str, Any]) -> None:
        data["case_settings"]["street"]["gps_decimals"] = None

    gps = _risk(build_assessment(_loaded("street"), TODAY), "street.location_trace")
    none = _risk(build_assessment(_loaded("street", no_gps), TODAY), "street.location_trace")
    assert (gps.residual_likelihood, none.residual_likelihood) == (1, 1)
    assert [a.delta for a in gps.adjustments] == [-1]
    assert [a.reason.en for a in none.adjustments] == ["GPS is removed"]


def test_an_overdue_review_raises_purpose_creep() -> None:
    on_time = _risk(build_assessment(_loaded("flow"), TODAY), "generic.purpose_creep")
    late = _risk(build_assessment(_loaded("flow"), dt.date(2027, 6, 1)), "generic.purpose_creep")
    assert any("overdue" in a.reason.en for a in late.adjustments)
    assert late.residual_likelihood > on_time.residual_likelihood


# --- secrets, sign-off, summary -------------------------------------------------------------


def test_no_secret_reaches_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "S3cr3t-Pa55word-xyz"
    monkeypatch.setenv("PRIVACAM_TEST_SECRET", secret)

    def with_secrets(data: dict[str, Any]) -> None:
        data["cameras"][0]["source"] = "rtsp://admin:${PRIVACAM_TEST_SECRET}@10.0.0.2/live"
        data["store"]["url"] = "postgresql://app:${PRIVACAM_TEST_SECRET}@db.local/privacam"

    loaded = _loaded("counting", with_secrets)
    assert secret in loaded.camera_source(0)  # the runtime copy does carry it
    written = write_assessment(loaded, tmp_path / "pia.json", today=TODAY)
    assert len(written) == 4
    for path in written:
        text = _pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        assert secret not in text, path.name
        assert "S3cr3t" not in text, path.name
    crowd = write_assessment(_loaded("crowd"), tmp_path / "crowd.md", today=TODAY)
    for path in crowd:
        text = _pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        assert "crowd-camera-pw-123" not in text, path.name


def test_a_literal_password_in_a_url_is_masked_in_the_report(tmp_path: Path) -> None:
    def literal(data: dict[str, Any]) -> None:
        data["cameras"][0]["source"] = "rtsp://admin:hunter2hunter2@10.0.0.2/live"

    report = build_assessment(_loaded("counting", literal), TODAY)
    dumped = json.dumps(report.to_json_dict(), ensure_ascii=False)
    assert "hunter2hunter2" not in dumped


def _signed(data: dict[str, Any]) -> None:
    data["signoff"] = {
        "prepared_by": {"name": "山田 花子", "role": "個人情報保護管理者", "date": "2026-04-02"},
        "approved_by": {"name": "Taro Suzuki", "role": "CEO", "date": "2026-04-03"},
        "residual_risk_accepted": True,
        "residual_risk_note": {"ja": "年1回見直す", "en": "Reviewed yearly"},
    }


def test_signoff_names_appear_when_filled(tmp_path: Path) -> None:
    written = write_assessment(_loaded("flow", _signed), tmp_path / "r.html", today=TODAY)
    for path in written:
        text = _pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        for expected in ("山田 花子", "Taro Suzuki", "年1回見直す", "Reviewed yearly"):
            assert expected in text, (path.name, expected)
        assert "Unsigned" not in text and "未承認" not in text, path.name
    data = json.loads(written[2].read_text(encoding="utf-8"))
    assert data["signoff"]["status"] == "signed"
    assert data["signoff"]["approved_by"]["date"] == "2026-04-03"


def test_missing_signoff_says_unsigned(tmp_path: Path) -> None:
    written = write_assessment(_loaded("flow"), tmp_path / "r.html", today=TODAY)
    for path in written:
        text = _pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        assert "Unsigned" in text and "未承認" in text, path.name
    data = json.loads(written[2].read_text(encoding="utf-8"))
    assert data["signoff"]["status"] == "unsigned"
    assert data["signoff"]["prepared_by"] is None


def test_partial_signoff_is_still_unsigned() -> None:
    def prepared_only(data: dict[str, Any]) -> None:
        data["signoff"] = {"prepared_by": {"name": "山田 花子", "role": "担当"}}

    signoff = build_assessment(_loaded("flow", prepared_only), TODAY).signoff
    assert signoff.status == "partial"
    assert "no approver" in signoff.status_text.en and "未承認" in signoff.status_text.ja


def test_check_summary_counts_match_the_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    def erring(spec, context):
        yield ("誤り1", "error one")
        yield ("誤り2", "error two")

    rule = _test_rule(
        "ZZZ-ERR",
        erring,
        fields=("review.next_review",),
        basis=("privacam policy",),
        stage=Stage.management,
    )
    base = build_assessment(_loaded("street"), TODAY).checks
    monkeypatch.setitem(checks.RULES, rule.id, rule)
    summary = build_assessment(_loaded("street"), TODAY).checks
    assert summary.errors == base.errors + 2
    assert summary.rules_total == base.rules_total + 1
    assert summary.rules_passed == base.rules_passed
    assert len(summary.findings) == summary.errors + summary.warnings + summary.infos
    ours = [f for f in summary.findings if f.rule_id == "ZZZ-ERR"]
    assert [(f.severity, f.stage, f.message.en) for f in ours] == [
        ("error", "management", "error one"),
        ("error", "management", "error two"),
    ]


# --- writing --------------------------------------------------------------------------------


def test_output_paths_and_unknown_suffix(tmp_path: Path) -> None:
    assert [p.name for p in output_paths(tmp_path / "x.PDF")] == [
        "x.PDF",
        "x.html",
        "x.md",
        "x.json",
    ]
    assert [p.suffix for p in output_paths(tmp_path / "report")] == [
        ".html",
        ".md",
        ".json",
        ".pdf",
    ]
    with pytest.raises(InputError, match=r"\.html, \.md, \.json or \.pdf"):
        output_paths(tmp_path / "report.txt")


def test_writing_is_atomic_and_repeatable(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "dir" / "report.md"
    first = write_assessment(_loaded("attributes"), out, today=TODAY)
    contents = {p.name: p.read_bytes() for p in first}
    second = write_assessment(_loaded("attributes"), out, today=TODAY)
    assert {p.name: p.read_bytes() for p in second} == contents  # same file, same bytes
    assert sorted(os.listdir(out.parent)) == sorted(contents)  # no temp file left behind
    assert (out.stat().st_mode & 0o777) == 0o644


def test_unwritable_output_is_an_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="cannot write the report"):
        write_assessment(_loaded("counting"), blocker / "report.html", today=TODAY)


def test_doctests_of_the_assessment_modules() -> None:
    import doctest
    import importlib

    for name in (
        "evidence",
        "inventory",
        "analysis",
        "risks",
        "signoff",
        "build",
        "write",
    ):
        module = importlib.import_module(f"privacam.policy.assessment.{name}")
        result = doctest.testmod(module)
        assert result.failed == 0, name


def test_text_from_the_file_is_escaped_in_html_markdown_and_pdf(tmp_path: Path) -> None:
    def hostile(data: dict[str, Any]) -> None:
        data["operator"]["name"] = {"ja": "<script>alert(1)</script>社", "en": "A & B | <b>Co</b>"}
        data["data_items"][1]["description"] = {"ja": "<img src=x>", "en": "<img src=x>"}

    written = write_assessment(_loaded("counting", hostile), tmp_path / "r.html", today=TODAY)
    html, md = written[0].read_text(encoding="utf-8"), written[1].read_text(encoding="utf-8")
    for text in (html, md):
        assert "<script>" not in text and "<img" not in text and "<b>Co" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;社" in text
    assert "A &amp; B \\| &lt;b&gt;Co&lt;/b&gt;" in md  # the pipe cannot break the table
    assert "<script>alert(1)</script>社" in _pdf_text(written[3])  # PDF shows it as text


def test_a_fact_already_scored_is_not_counted_again_through_its_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def late_sign(data: dict[str, Any]) -> None:
        data["cameras"][0]["notice"]["before_capture_area"] = False

    def same_fact(spec, context):
        for i, camera in enumerate(spec.cameras):
            if not camera.notice.before_capture_area:
                yield ("掲示が遅い", "sign too late", f"cameras[{i}].notice.before_capture_area")

    rule = _test_rule("ZZZ-SAME", same_fact, fields=("cameras[].notice.before_capture_area",))
    monkeypatch.setitem(checks.RULES, rule.id, rule)
    risk = _risk(build_assessment(_loaded("flow", late_sign), TODAY), "generic.transparency")
    fact = [a for a in risk.adjustments if "cam1" in a.reason.en]
    assert [(a.delta, a.fields) for a in fact] == [(1, ["cameras[].notice.before_capture_area"])]
    assert not any("ZZZ-SAME" in a.rules for a in risk.adjustments)
    # The same rule on a deployment whose fact adjuster did not fire still counts.
    monkeypatch.setitem(
        checks.RULES,
        rule.id,
        Rule(**{**rule.__dict__, "check": lambda spec, context: [("x", "x", "notice_url")]}),
    )
    risk = _risk(build_assessment(_loaded("flow"), TODAY), "generic.transparency")
    assert any("ZZZ-SAME" in a.rules for a in risk.adjustments)


def test_a_file_loaded_from_disk_names_itself_in_the_context(tmp_path: Path) -> None:
    from privacam.policy.loader import load_spec

    source = tmp_path / "privacam.yaml"
    source.write_text(render_template("counting", today=dt.date(2026, 4, 1)), encoding="utf-8")
    written = write_assessment(load_spec(source), tmp_path / "out" / "report.json", today=TODAY)
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["report_format"] == "privacam-assessment/1"
    assert data["context"]["source_file"] == "privacam.yaml"
    assert data["context"]["deployment_sha256"] == load_spec(source).sha256


@pytest.mark.parametrize("case", CASES)
def test_rules_of_other_cases_are_not_applicable_not_passed(case: str) -> None:
    report = build_assessment(_loaded(case), TODAY)
    items = {item.rule_id: item for stage in report.checklist for item in stage.items}
    for registered in all_rules():
        item = items[registered.id]
        if registered.cases and case not in {c.value for c in registered.cases}:
            assert item.result == "not_applicable", registered.id
        else:
            assert item.result != "not_applicable", registered.id
    # CAS-001 (③ opt-out route) and CAS-010 (⑤ masks) belong to one case each.
    own = {"repeat": "CAS-001", "street": "CAS-010"}
    for other, rule_id in own.items():
        expected = "not_applicable" if other != case else items[rule_id].result
        assert items[rule_id].result == expected
    not_applicable = sum(stage.not_applicable for stage in report.checklist)
    assert not_applicable == report.checks.rules_not_applicable > 0
    assert report.checks.rules_passed + not_applicable <= report.checks.rules_total
    assert f"他の事例のルール {not_applicable} 件は対象外" in report.checks.text.ja


def test_the_assessment_pdf_shows_rules_of_other_cases_as_not_applicable(
    tmp_path: Path,
) -> None:
    paths = write_assessment(_loaded("counting"), tmp_path / "report.html", today=TODAY)
    text = _pdf_text(next(p for p in paths if p.suffix == ".pdf"))
    markdown = next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8")
    html = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
    for rendered in (text, markdown, html):
        assert "対象外 / N/A" in rendered
        assert "1 infos" not in rendered and "warning(s)" not in rendered


def test_the_assessment_pdf_never_splits_an_english_word_in_a_narrow_cell(
    tmp_path: Path,
) -> None:
    paths = write_assessment(_loaded("repeat"), tmp_path / "report.pdf", today=TODAY)
    text = _pdf_text(paths[0])
    warnings = build_assessment(_loaded("repeat"), TODAY).checks.warnings
    assert warnings > 0
    one_line = re.sub(r"\s*\n\s*", " ", text)  # a break between words reads as a space
    assert one_line.count("警告 / warning") >= warnings
    assert not [line for line in text.splitlines() if line.strip().endswith(("warni", "warn"))]


def test_a_phrase_paragraph_keeps_words_whole_and_applies_kinsoku() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from privacam.policy.assessment.paragraph import PhraseParagraph
    from privacam.policy.notice.font import font_name

    style = ParagraphStyle("cell", fontName=font_name(), fontSize=7.5, wordWrap="CJK")

    def lines(markup: str, width: float) -> list[str]:
        paragraph = PhraseParagraph(markup, style)
        paragraph.wrap(width, 1000)
        return ["".join(f.text for f in line.words) for line in paragraph.blPara.lines]

    assert lines('<font color="#b54708"><b>警告 / warning</b></font>', 45) == ["警告 /", "warning"]
    broken = lines("詳しい内容（保存期間・安全管理措置・開示等の請求方法）はウェブサイトへ", 60)
    assert (
        "".join(broken) == "詳しい内容（保存期間・安全管理措置・開示等の請求方法）はウェブサイトへ"
    )
    assert all(line[0] not in "）・、。" and line[-1] != "（" for line in broken), broken
    assert len(broken[-1]) > 2, broken
    assert lines("一行目<br/>二行目", 200) == ["一行目", "二行目"]


def test_a_phrase_paragraph_too_long_for_its_page_splits_across_pages(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A7
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from privacam.policy.assessment.paragraph import PhraseParagraph
    from privacam.policy.notice.font import font_name

    style = ParagraphStyle("cell", fontName=font_name(), fontSize=9, wordWrap="CJK")
    text = "照合は 1 対多です。登録数 N のとき誤って照合される確率は約 N × f です。" * 30
    document = SimpleDocTemplate(str(tmp_path / "split.pdf"), pagesize=A7)
    document.build([PhraseParagraph(text, style)])  # ReportLab splits it with text=None
    assert len(_pdf_text(tmp_path / "split.pdf")) > 0


def test_the_assessment_pdf_draws_every_character_in_its_font(tmp_path: Path) -> None:
    from privacam.policy.notice.font import font_covers

    paths = write_assessment(_loaded("counting"), tmp_path / "report.pdf", today=TODAY)
    text = _pdf_text(paths[0])
    assert "k≧2" in text  # HAN rule title "k≥2": IPAexGothic has ≧, not ≥
    assert font_covers("".join(text.split())) == set()
