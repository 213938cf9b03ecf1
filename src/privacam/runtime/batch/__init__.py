"""Batch runs (case ⑤): files in, masked files out, on a process pool or a Ray cluster.

:mod:`~.inputs` (what to process), :mod:`~.overlap` (no output over an input),
:mod:`~.worker` (one input: mask, verify, quarantine the original), :mod:`~.engines`
(in-process, process pool or Ray), :mod:`~.run` (the whole batch: skip finished
outputs, write manifests, delete verified originals). What masking is belongs to the
case (:mod:`privacam.cases.street`); :mod:`privacam.runtime.anonymize` wires it all.
"""

from privacam.runtime.batch.overlap import check_paths, refuse_overlaps
from privacam.runtime.batch.run import BatchSummary, BatchWarning, run_batch

__all__ = ["BatchSummary", "BatchWarning", "check_paths", "refuse_overlaps", "run_batch"]
