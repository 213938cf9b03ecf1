"""Property: however a valid deployment file is mutated, reading and checking it ends in exit
0, 1 or 2, and an exit 2 says what is wrong in one line, never a traceback.

Hypothesis mutates the six templates both as data (a value replaced by an odd one, a key
removed or added) and as text (a line duplicated, removed or replaced, characters
inserted, its numbers made impossible or huge). The run is derandomised and bounded, so CI sees the same few hundred examples
every time, in seconds.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacam.cli import main
from privacam.errors import InputError
from privacam.policy.deployment_template import render_template
from privacam.policy.loader import load_spec_text
from tests.policy.conftest import CASES, TEMPLATE_DAY

TEMPLATES = {case: render_template(case, today=TEMPLATE_DAY) for case in CASES}

#: Values people (and attackers) write where they should not.
ODD_STRINGS = [
    "",
    " ",
    "0s",
    "-1s",
    "0",
    "99999999y",
    "99999999999y",
    "1e309",
    "2026-02-30",
    "2026-13-01",
    "${UNSET_PRIVACAM_FUZZ_VAR}",
    "rtsp://admin:hunter2@10.0.0.2/live?token=abc",
    "javascript:alert(1)",
    "https://",
    "file:///etc/passwd",
    "a@b",
    "+",
    "zh-Hans",
    "A4",
    "cloud",
    "identifier",
    "\x00",
    "\u202e",
    "カメラ作動中",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["ja", "en", "ko", "name", "k", "x"]), children, max_size=3
        )
    ),
    max_leaves=6,
)
#: YAML fragments that break structure or try tags, anchors and aliases.
ODD_TEXT = [
    "- ",
    ": ",
    "{",
    "[",
    "&a x",
    "*a",
    "!!python/object/apply:os.system ['true']",
    "<<: *nothing",
    "\t",
    "'",
    '"',
    "%YAML 1.1",
    "---",
    "...",
    "#",
    "? ",
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mutate_data(data: dict[str, Any], draw) -> str:
    paths = _paths(data)
    path = draw(st.sampled_from(paths))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    kind = draw(st.sampled_from(["replace", "delete", "add", "repeat"]))
    last = path[-1]
    if kind == "replace":
        parent[last] = draw(VALUES)
    elif kind == "delete":
        del parent[last]
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "k", "ja", "ko", "url", "zzz"]))] = draw(VALUES)
    elif kind == "repeat" and isinstance(parent, list):
        parent.append(parent[last])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


#: Tokens of the file whose values have edges (impossible dates, huge or zero durations and
#: numbers), each with a drawer of an odd replacement.
_TOKENS = {
    "date": (
        re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
        lambda draw: (
            f"{draw(st.sampled_from([1, 2026, 9999]))}-"
            f"{draw(st.integers(0, 13)):02d}-{draw(st.integers(0, 32)):02d}"
        ),
    ),
    "duration": (
        re.compile(r"(?<=: )\d+[smhdwy]\b"),
        lambda draw: (
            f"{draw(st.sampled_from([0, 1, 36500, 99999999, 99999999999, 10**20]))}"
            f"{draw(st.sampled_from('smhdwy'))}"
        ),
    ),
    "number": (
        re.compile(r"(?<=[:\[ ])-?\d+(\.\d+)?(?=[,\]\s])"),
        lambda draw: str(draw(st.sampled_from([0, -1, 10**30, "1e999", "-.inf", ".nan", "true"]))),
    ),
}


def _mutate_text(text: str, draw) -> str:
    kind = draw(st.sampled_from(["duplicate", "delete", "replace", "insert", *_TOKENS]))
    if kind in _TOKENS:  # start: 2026-04-15 -> 2026-02-30, window: 15m -> 99999999y, k: 10 -> 0
        pattern, replace = _TOKENS[kind]
        spans = [match.span() for match in pattern.finditer(text)]
        start, end = draw(st.sampled_from(spans))
        return text[:start] + replace(draw) + text[end:]
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "delete":
        del lines[index]
    elif kind == "replace":
        other = draw(st.sampled_from(lines))
        lines[index] = other
    else:
        line = lines[index]
        at = draw(st.integers(min_value=0, max_value=len(line)))
        piece = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=6))
        lines[index] = line[:at] + piece + line[at:]
    return "".join(lines)


def _check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["check", str(path)])
        except SystemExit as done:
            code = done.code
        else:  # pragma: no cover - main always exits
            code = 0
    return code, out.getvalue(), err.getvalue()


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_mutated_deployment_files_exit_0_1_or_2_with_one_line_and_no_traceback(data) -> None:
    case = data.draw(st.sampled_from(CASES), label="case")
    text = TEMPLATES[case]
    if data.draw(st.booleans(), label="mutate as data"):
        text = _mutate_data(yaml.safe_load(text), data.draw)
    else:
        text = _mutate_text(text, data.draw)

    try:  # the loader alone: a valid file or one InputError line, nothing else
        load_spec_text(text, source="fuzz.yaml")
    except InputError as error:
        assert "\n" not in str(error) and error.exit_code == 2

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "privacam.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        code, out, err = _check(path)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in out + err
    if code == 2:
        assert err.startswith("privacam: error: ") and err.count("\n") == 1, err
    else:
        assert err == "", err
        assert re.search(r"\d+ errors?, ", out), out
