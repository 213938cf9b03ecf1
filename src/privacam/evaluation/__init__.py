"""Evaluation: how well privacam's detectors and tracker do against ground truth.

This package measures the pipeline; it is not part of it. The benchmarks
(``benchmarks/``) and the tests import it, nothing else in ``privacam`` does
(a test holds that), so the pipeline never depends on scoring code. It sits
above ``vision`` and knows nothing of cases or storage.

- :mod:`~privacam.evaluation.detection`: one-to-one greedy matching of
  detected boxes to truth boxes (:func:`match`, :func:`match_boxes`), and how
  much of each truth box nearer people hide (:func:`occluded_fraction`);
- :mod:`~privacam.evaluation.mot_metrics`: CLEAR MOT (MOTA) and identity
  (IDF1) metrics of tracks (:func:`evaluate_mot`, :class:`MotMetrics`);
- :mod:`~privacam.evaluation.motchallenge`: MOTChallenge text files
  (:func:`read_mot_file`) and sequence folders (:func:`open_sequence`).
- :mod:`~privacam.evaluation.truth_boxes`: the truth boxes of the sample face and
  plate photo sets (:func:`~privacam.evaluation.truth_boxes.dlib_faces`,
  :func:`~privacam.evaluation.truth_boxes.openalpr_plates`).

Score one frame's detections (true positives, false positives, misses):

>>> import numpy as np
>>> truth = np.array([[0, 0, 10, 20], [30, 0, 40, 20]])
>>> found = np.array([[1, 0, 10, 20], [70, 0, 80, 20]])
>>> match_boxes(found, scores=np.array([0.9, 0.8]), truth=truth)
(1, 1, 1)

Read a MOTChallenge ground truth (``frame,id,x,y,w,h,conf``) and score a
tracker that kept the person but under an id that changed once:

>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as folder:
...     gt_file = Path(folder) / "gt.txt"
...     _ = gt_file.write_text("1,7,0,0,10,20,1\\n2,7,2,0,10,20,1\\n3,7,4,0,10,20,1\\n")
...     rows = read_mot_file(gt_file)
>>> ids, xyxy, _ = rows[2]
>>> ids.tolist(), xyxy.tolist()
([7], [[2.0, 0.0, 12.0, 20.0]])
>>> gt = {frame: (ids, xyxy) for frame, (ids, xyxy, _) in rows.items()}
>>> hyp = {frame: ([1 if frame < 3 else 2], xyxy) for frame, (_, xyxy) in gt.items()}
>>> metrics = evaluate_mot(gt, hyp)
>>> metrics.id_switches, round(metrics.mota, 3), round(metrics.idf1, 3)
(1, 0.667, 0.667)
"""

from privacam.evaluation.detection import match, match_boxes, occluded_fraction
from privacam.evaluation.mot_metrics import FrameBoxes, MotMetrics, evaluate_mot
from privacam.evaluation.motchallenge import MotSequence, open_sequence, read_mot_file

__all__ = [
    "FrameBoxes",
    "MotMetrics",
    "MotSequence",
    "evaluate_mot",
    "match",
    "match_boxes",
    "occluded_fraction",
    "open_sequence",
    "read_mot_file",
]
