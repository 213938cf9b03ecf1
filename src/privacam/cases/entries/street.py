"""Case ⑤: street imagery, faces and plates masked in files (``privacam anonymize``).

A batch case: no analyser, detector plan or window, and no records. Its work is in
:mod:`privacam.cases.street` (masking, detection, carry-over, metadata, QA sheet);
:mod:`privacam.runtime.anonymize` runs it over the inputs.
"""

from __future__ import annotations

from privacam.cases.entry import CaseEntry, RunsAs
from privacam.policy.spec import Case, StreetSettings

STREET = CaseEntry(case=Case.street, settings=StreetSettings, runs_as=RunsAs.batch)
