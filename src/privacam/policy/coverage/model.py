"""One statement of GUIDEBOOK.md and what answers it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["covered", "not_built", "human_attested"]

#: The test each rule has in ``tests/policy/test_checks.py``: a mutated template that makes
#: exactly that rule fire (``test_every_rule_has_a_mutation_that_makes_it_fire`` holds
#: every rule to one), so a statement answered by a rule is tested by it.
RULE_MUTATION_TEST = "tests/policy/test_checks.py::test_mutation_fires_its_rule[{rule}]"


@dataclass(frozen=True)
class Statement:
    """A requirement of GUIDEBOOK.md, quoted, and how privacam meets it.

    ``quote`` is a verbatim piece of GUIDEBOOK.md (line breaks read as spaces) that
    locates the statement. ``notice`` names items of the on-site sign
    (``sign.<field>`` of :class:`~privacam.policy.notice.content.SignContent`) or sections
    of the web notice (``web.<key>``). ``tests`` are pytest node ids besides the rules'
    own mutation tests. ``fields`` are deployment-file paths a person fills in
    (human-attested statements). ``issue`` names the open issue that builds a
    ``not_built`` statement.
    """

    id: str
    quote: str
    status: Status
    rules: tuple[str, ...] = ()
    notice: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    issue: int | None = None
    note: str = ""

    @property
    def section(self) -> str:
        """``"1"`` for ``GB1-04``: the GUIDEBOOK.md section (``"0"`` is its introduction)."""
        return self.id[2:].split("-")[0]

    def all_tests(self) -> tuple[str, ...]:
        """The statement's tests: its rules' mutation tests, then the ones it names."""
        return tuple(RULE_MUTATION_TEST.format(rule=r) for r in self.rules) + self.tests
