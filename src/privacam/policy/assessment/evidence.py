"""Resolve the dotted field paths a rule declares into values a reader can see.

A rule says which fields of the deployment it reads, e.g. ``operator.name`` or
``cameras[].notice.before_capture_area``; ``[]`` expands over every element of a
list, ``[2]`` picks one. The assessment shows each resolved value beside the rule
as evidence, in Japanese and English. A field that is absent, unset or an empty
list reads ``—`` so the reader sees that nothing was given.

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> spec = load_spec_text(render_template("counting")).public
>>> [(e.path, e.value.en) for e in resolve_evidence(spec, "cameras[].notice.before_capture_area")]
[('cameras[0].notice.before_capture_area', 'yes')]
>>> resolve_evidence(spec, "privacy_officer.role")[0].value.en
'—'
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from privacam.policy.durations import format_duration
from privacam.policy.localized import LocalizedText

logger = logging.getLogger(__name__)

MISSING = "—"
_SEGMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?P<index>(\[\d*\])*)$")
_INDEX = re.compile(r"\[(\d*)\]")
#: Credentials written literally into a URL (``user:password@``); a ``${VAR}`` placeholder is
#: shown as it is, anything else is masked so that a report never repeats a password.
_URL_PASSWORD = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@\s]+)@")


@dataclass(frozen=True)
class Evidence:
    """One concrete field (``cameras[0].source``) and its value for display."""

    path: str
    value: LocalizedText

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "value": self.value.root}


def _text(ja: str, en: str | None = None) -> LocalizedText:
    # LocalizedText refuses empty text; a blank value reads as missing.
    ja = ja.strip() or MISSING
    en = (en if en is not None else ja).strip() or MISSING
    return LocalizedText({"ja": ja, "en": en})


def mask_credentials(text: str) -> str:
    """Mask a literal password in a URL; ``${VAR}`` placeholders stay as they are.

    >>> mask_credentials("rtsp://admin:hunter2@10.0.0.2/live")
    'rtsp://admin:****@10.0.0.2/live'
    >>> mask_credentials("rtsp://viewer:${CAMERA_PASSWORD}@192.0.2.10/s")
    'rtsp://viewer:${CAMERA_PASSWORD}@192.0.2.10/s'
    """

    def replace(match: re.Match[str]) -> str:
        password = match.group("password")
        if re.fullmatch(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}", password):
            return match.group(0)
        return f"{match.group('scheme')}****@"

    return _URL_PASSWORD.sub(replace, text)


def display(value: Any) -> LocalizedText:
    """A value of the deployment as bilingual display text.

    >>> display(True).root, display(None).en, display([]).en
    ({'ja': 'はい', 'en': 'yes'}, '—', '—')
    >>> display(dt.timedelta(days=180)).root
    {'ja': '180日', 'en': '180 days'}
    """
    if value is None:
        return _text(MISSING)
    if isinstance(value, LocalizedText):
        return _text(value.ja, value.en)
    if isinstance(value, bool):
        return _text("はい" if value else "いいえ", "yes" if value else "no")
    if isinstance(value, Enum):
        return _text(str(value.value))
    if isinstance(value, dt.timedelta):
        return _text(format_duration(value, "ja"), format_duration(value, "en"))
    if isinstance(value, dt.date):
        return _text(value.isoformat())
    if isinstance(value, str):
        return _text(mask_credentials(value))
    if isinstance(value, int | float):
        return _text(f"{value:g}" if isinstance(value, float) else str(value))
    if isinstance(value, list | tuple):
        if not value:
            return _text(MISSING)
        parts = [display(item) for item in value]
        return _text("、".join(p.ja for p in parts), ", ".join(p.en for p in parts))
    if isinstance(value, BaseModel):
        fields = [
            (name, getattr(value, name))
            for name in type(value).model_fields
            if getattr(value, name) not in (None, [], ())
        ]
        if not fields:
            return _text(MISSING)
        parts = [(name, display(item)) for name, item in fields]
        return _text(
            "; ".join(f"{name}: {text.ja}" for name, text in parts),
            "; ".join(f"{name}: {text.en}" for name, text in parts),
        )
    return _text(str(value))


def _step(node: Any, name: str) -> tuple[bool, Any]:
    """Attribute ``name`` of ``node``: (found, value)."""
    if node is None:
        return True, None  # an unset optional section: everything below it is unset too
    if isinstance(node, LocalizedText):
        return (True, node.root.get(name)) if name in node.root else (False, None)
    if isinstance(node, BaseModel):
        if name in type(node).model_fields:
            return True, getattr(node, name)
        return False, None
    if isinstance(node, dict):
        return (True, node.get(name)) if name in node else (False, None)
    return False, None


def _expand(node: Any, indexes: list[str], prefix: str) -> list[tuple[str, Any]]:
    """Apply ``[]`` / ``[n]`` selectors to ``node``; ``[]`` fans out over a list."""
    results = [(prefix, node)]
    for index in indexes:
        expanded: list[tuple[str, Any]] = []
        for path, value in results:
            if not isinstance(value, list | tuple):
                expanded.append((f"{path}[{index}]", None))
            elif index == "":
                expanded += [(f"{path}[{i}]", item) for i, item in enumerate(value)]
                if not value:
                    expanded.append((f"{path}[]", None))
            else:
                i = int(index)
                expanded.append((f"{path}[{i}]", value[i] if i < len(value) else None))
        results = expanded
    return results


def resolve(spec: Any, path: str) -> list[tuple[str, Any]]:
    """Raw values at a dotted ``path``: one ``(concrete path, value)`` per list element.

    >>> from types import SimpleNamespace
    >>> from privacam.policy.localized import LocalizedText
    >>> resolve({"a": [{"b": 1}, {"b": 2}]}, "a[].b")
    [('a[0].b', 1), ('a[1].b', 2)]
    >>> resolve({"a": []}, "a[].b")
    [('a[].b', None)]
    """
    results: list[tuple[str, Any]] = [("", spec)]
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if not match:
            logger.warning("evidence path %r has an unreadable segment %r", path, segment)
            return [(path, None)]
        name, indexes = match.group("name"), _INDEX.findall(match.group("index"))
        stepped: list[tuple[str, Any]] = []
        for prefix, node in results:
            here = f"{prefix}.{name}" if prefix and name else (name or prefix)
            if name:
                found, value = _step(node, name)
                if not found:
                    logger.warning("evidence path %r: no field %r at %r", path, name, prefix)
                    value = None
            else:
                value = node
            stepped += _expand(value, indexes, here)
        results = stepped
    return results


def resolve_evidence(spec: Any, path: str) -> list[Evidence]:
    """Display values at a dotted ``path`` (see :func:`resolve`)."""
    return [Evidence(concrete, display(value)) for concrete, value in resolve(spec, path)]


def evidence_for(spec: Any, paths: tuple[str, ...] | list[str]) -> list[Evidence]:
    """Evidence for every path a rule declares, in the rule's order."""
    return [item for path in paths for item in resolve_evidence(spec, path)]
