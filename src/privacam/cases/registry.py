"""The case registry: every case privacam runs, one :class:`CaseEntry` each.

The runtime and the CLI know the cases only through :data:`CASES`: which ones run as
a stream (``privacam run``, ``privacam demo``) and which as a batch (``privacam
anonymize``), the analyser, detector plan and window of each, and the record kinds it
emits. Adding a case means writing its module under :mod:`privacam.cases.entries`
and adding it here.

>>> from privacam.policy.spec import Case
>>> CASES[Case.counting].record_kinds[0].kind
'line_counts'
>>> BUILT_CASES
('counting', 'flow', 'crowd', 'attributes', 'repeat')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from privacam.cases.entries.attributes import ATTRIBUTES
from privacam.cases.entries.counting import COUNTING
from privacam.cases.entries.crowd import CROWD
from privacam.cases.entries.flow import FLOW
from privacam.cases.entries.repeat import REPEAT
from privacam.cases.entries.street import STREET
from privacam.cases.entry import CameraContext, CaseEntry, RunsAs
from privacam.errors import InputError
from privacam.policy.spec import Case

__all__ = [
    "BUILT_CASES",
    "CASES",
    "CameraContext",
    "CaseEntry",
    "RunsAs",
    "built_cases",
    "case_entry",
    "stream_entry",
]

CASES: Mapping[Case, CaseEntry[Any]] = MappingProxyType(
    {entry.case: entry for entry in (COUNTING, FLOW, STREET, CROWD, ATTRIBUTES, REPEAT)}
)


def built_cases(runs_as: RunsAs = RunsAs.stream) -> tuple[str, ...]:
    """The names of the cases privacam runs this way, in the registry's order."""
    return tuple(c.value for c, entry in CASES.items() if entry.runs_as is runs_as)


#: The cases ``privacam run`` and ``privacam demo`` take.
BUILT_CASES = built_cases()


def case_entry(case: Case | str) -> CaseEntry[Any]:
    """The entry of ``case``; InputError (naming the cases privacam runs) if it has none."""
    entry = CASES.get(Case(case))
    if entry is None:
        raise InputError(
            f"case {Case(case).value!r} has no analyser yet; privacam runs "
            f"{', '.join(built_cases())} (and {', '.join(built_cases(RunsAs.batch))} "
            "with `privacam anonymize`)"
        )
    return entry


def stream_entry(case: Case | str) -> CaseEntry[Any]:
    """The entry of a case that runs as a stream, with its analyser, plan and window."""
    entry = case_entry(case)
    if entry.runs_as is not RunsAs.stream:
        raise InputError(
            f"case {entry.case.value!r} has no analyser yet; privacam runs "
            f"{', '.join(built_cases())}"
        )
    return entry
