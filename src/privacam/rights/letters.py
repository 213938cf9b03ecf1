"""Letters to a requester, in Japanese and English: one model, rendered as HTML or PDF.

A :class:`Letter` is sections of paragraphs and tables, each paragraph in ja and en;
the HTML puts the Japanese letter first and the English one after it, both escaped
(Jinja2 autoescape: no text of the database becomes markup). The PDF is drawn with
ReportLab in the notice's font (:mod:`privacam.policy.notice.font`), so Japanese
text is embedded, not left to the reader's fonts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from privacam.policy.localized import LocalizedText
from privacam.policy.spec import Deployment
from privacam.rights.requests import RightsRequest

LANGUAGES = ("ja", "en")


def t(ja: str, en: str) -> LocalizedText:
    return LocalizedText({"ja": ja, "en": en})


@dataclass(frozen=True)
class Table:
    """Rows under column headings; cell text is the same in both languages."""

    columns: tuple[LocalizedText, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    heading: LocalizedText
    paragraphs: tuple[LocalizedText, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class Letter:
    title: LocalizedText
    request: RightsRequest
    sender: LocalizedText
    date: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    basis: tuple[str, ...] = ()


REQUEST_NAMES = {
    "disclosure": t("開示請求", "request for disclosure"),
    "stop_use": t("利用停止請求", "request to stop use"),
    "deletion": t("消去請求", "request for deletion"),
    "opt_out": t("解析の拒否（オプトアウト）", "opt-out from analysis"),
}


def letter_date(moment: datetime, spec: Deployment) -> str:
    return moment.astimezone(ZoneInfo(spec.timezone)).date().isoformat()


def sender_of(spec: Deployment) -> LocalizedText:
    """The operator, and its privacy officer when the file names one."""
    officer = spec.privacy_officer
    if officer is None:
        return spec.operator.name
    return t(
        f"{spec.operator.name.ja}（担当: {officer.name}）",
        f"{spec.operator.name.en} (contact: {officer.name})",
    )


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("privacam.rights", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(letter: Letter) -> str:
    """The letter as one self-contained HTML page (ja, then en)."""
    template = _environment().get_template("letter.html.j2")
    return template.render(letter=letter, languages=LANGUAGES, names=REQUEST_NAMES)
