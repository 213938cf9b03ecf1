"""Which rule, notice item, test or human attestation answers each statement of GUIDEBOOK.md.

GUIDEBOOK.md restates the guidebook and APPI as statements a test can check. Each one
is listed in :mod:`privacam.policy.coverage.statements` with a status:

- ``covered``: rules, notice items or behaviours implement it, and tests check them;
- ``not_built``: it belongs to a part of privacam not built yet, named by its issue;
- ``human_attested``: no program can check it (staff can answer questions; leadership
  commits to privacy), so the deployment file has a field a person fills in, and a rule
  checks that it is filled.

``python -m privacam.policy.coverage > docs/guidebook-coverage.md`` writes the map
(``make docs``); ``tests/policy/test_coverage.py`` checks that the page is current,
that every quoted statement is in GUIDEBOOK.md and every requirement line of it is
quoted, and that every rule, notice item, test and field named exists.

>>> from privacam.policy.coverage.statements import STATEMENTS
>>> {s.status for s in STATEMENTS} <= {"covered", "not_built", "human_attested"}
True
"""

from privacam.policy.coverage.model import Statement, Status

__all__ = ["Statement", "Status"]
