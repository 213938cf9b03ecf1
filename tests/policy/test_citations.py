"""Rules cite only what GUIDEBOOK.md §6 lists, and say so where they rest on privacam's numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from privacam.policy.checks import Rule, all_rules
from privacam.policy.citations import APPI_ARTICLES, APPI_CITATION, article_of

#: GUIDEBOOK.md beside the checkout (``../shared``), when this machine has it.
_GUIDEBOOK = Path(__file__).resolve().parents[2].parent / "shared" / "GUIDEBOOK.md"


def _rule(rule_id: str) -> Rule:
    return next(r for r in all_rules() if r.id == rule_id)


def _section_6_articles(text: str) -> set[int]:
    """The article numbers §6 of GUIDEBOOK.md tells rules to cite."""
    section = text.split("\n## 6.", 1)[1].split("\n## ", 1)[0]
    citing = section.split("Cite APPI", 1)[1]
    return {int(number) for number in re.findall(r"第(\d+)条", citing)}


def test_the_carried_article_list_is_guidebook_section_6s() -> None:
    if not _GUIDEBOOK.is_file():
        pytest.skip(f"{_GUIDEBOOK} is not beside this checkout")
    assert set(APPI_ARTICLES) == _section_6_articles(_GUIDEBOOK.read_text(encoding="utf-8"))


def test_section_6_parser_reads_the_articles_after_cite_appi() -> None:
    text = (
        "## 5. x\n第99条\n## 6. Numbers\nnot 第98条. Cite APPI: 第2条 (第2項), 第17条.\n## 7. y\n"
    )
    assert _section_6_articles(text) == {2, 17}


def test_every_appi_article_a_rule_cites_is_in_section_6s_list() -> None:
    cited = {(r.id, b): article_of(b) for r in all_rules() for b in r.basis if b.startswith("APPI")}
    assert cited, "some rule cites APPI"
    assert {key: n for key, n in cited.items() if n not in APPI_ARTICLES} == {}


def test_every_appi_citation_takes_one_form() -> None:
    appi = [(r.id, b) for r in all_rules() for b in r.basis if "APPI" in b or "条" in b]
    assert [(rule_id, b) for rule_id, b in appi if not APPI_CITATION.match(b)] == []


@pytest.mark.parametrize("basis", ["APPI 第99条", "APPI 第24条"])
def test_an_article_outside_section_6_is_not_in_the_list(basis: str) -> None:
    assert article_of(basis) not in APPI_ARTICLES


#: Rules whose threshold or demand is privacam's own number or choice, not the text's.
_RESTING_ON_PRIVACAM_NUMBERS = {
    "CAS-006": "the 60-second overwrite ceiling",
    "CAS-014": "four point pairs",
    "DAT-001": "0 s for raw images",
    "DAT-002": "the retention ceilings",
    "DAT-003": "the warning levels",
    "DAT-005": "the retention defaults",
    "HAN-004": "k of 2",
    "NOT-002": "https",
    "NOT-005": "30 days to answer",
    "PUR-001": "8 characters, 3 words",
}


@pytest.mark.parametrize("rule_id", sorted(_RESTING_ON_PRIVACAM_NUMBERS))
def test_a_rule_resting_on_privacams_own_numbers_cites_privacam_policy(rule_id: str) -> None:
    assert "privacam policy" in _rule(rule_id).basis, _RESTING_ON_PRIVACAM_NUMBERS[rule_id]


#: rule id → (bases it must cite, bases it must not cite), from issue 13's corrections.
_CORRECTED = {
    # 外的環境の把握 is a security measure; no foreign third party receives anything here.
    "HAN-005": ({"APPI 第23条", "APPI 第32条"}, {"APPI 第28条"}),
    "HAN-006": ({"APPI 第23条", "APPI 第32条"}, {"APPI 第28条"}),
    # Images are 個人情報 by 第2条第1項.
    "DAT-004": ({"APPI 第2条第1項", "APPI 第2条第2項"}, set()),
    # Name, address and a corporation's representative are published items.
    "ACC-002": ({"APPI 第32条"}, set()),
    # Consent to linking and no joint use are the guidebook's and privacam's, not the law's.
    "HAN-003": ({"GB §2", "privacam policy"}, set()),
    "CAS-004": ({"GB §4", "privacam policy"}, set()),
    # The period of operation is an item of the full notice (GB §3), not a principle.
    "DAT-007": ({"GB §3"}, {"GB §1"}),
    # GB §2 says nothing of a publication URL.
    "HAN-008": ({"privacam policy"}, {"GB §2"}),
    # 第19条 improper use, 第20条 proper acquisition, 第31条 個人関連情報.
    "PUR-002": ({"APPI 第19条"}, set()),
    "PUR-006": ({"APPI 第19条"}, set()),
    "ATT-003": ({"APPI 第19条"}, set()),
    "NOT-001": ({"APPI 第20条"}, set()),
    "CAS-009": ({"APPI 第20条"}, set()),
    "HAN-001": ({"APPI 第31条"}, set()),
}


@pytest.mark.parametrize("rule_id", sorted(_CORRECTED))
def test_rule_cites_its_corrected_basis(rule_id: str) -> None:
    must, must_not = _CORRECTED[rule_id]
    basis = set(_rule(rule_id).basis)
    assert must <= basis
    assert not must_not & basis


@pytest.mark.parametrize("article", [19, 20, 31])
def test_articles_once_never_cited_are_cited(article: int) -> None:
    assert any(article_of(b) == article for r in all_rules() for b in r.basis)
