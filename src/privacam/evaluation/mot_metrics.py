"""Tracking accuracy: CLEAR MOT (MOTA) and identity (IDF1) metrics, computed here.

(``motmetrics`` would do this but crashes on numpy 2.) Both take per-frame
ground truth and hypotheses as ``{frame: (ids, xyxy)}`` and match boxes at
IoU >= 0.5.

- **MOTA** (Bernardin & Stiefelhagen 2008): per frame, a ground-truth object
  keeps its previous hypothesis if their IoU is still >= 0.5; the rest are
  matched by Hungarian assignment on IoU. Unmatched ground truth is a miss
  (FN), an unmatched hypothesis a false positive (FP), and a ground-truth
  object matched to another hypothesis than the one it was last matched to is
  an identity switch (IDSW). ``MOTA = 1 - (FN + FP + IDSW) / GT``.
- **IDF1** (Ristani et al. 2016): one global bipartite matching of ground-truth
  ids to hypothesis ids maximising the number of frames in which the pair
  overlaps (IDTP); ``IDFN = GT - IDTP``, ``IDFP = HYP - IDTP``,
  ``IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN)``.

>>> box = [0, 0, 10, 10]
>>> gt = {1: ([7], [box]), 2: ([7], [box])}
>>> hyp = {1: ([1], [box]), 2: ([2], [box])}  # the id changes in frame 2
>>> m = evaluate_mot(gt, hyp)
>>> m.id_switches, round(m.mota, 2), round(m.idf1, 2)
(1, 0.5, 0.5)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from privacam.vision.detectors.geometry import box_iou

#: ``{frame: (ids, boxes xyxy)}``
FrameBoxes = Mapping[int, tuple[Sequence[int], Sequence[Sequence[float]]]]


@dataclass(frozen=True, slots=True)
class MotMetrics:
    num_gt: int
    num_hyp: int
    matches: int
    false_negatives: int
    false_positives: int
    id_switches: int
    idtp: int
    idfp: int
    idfn: int

    @property
    def mota(self) -> float:
        if self.num_gt == 0:
            return float("nan")
        return 1.0 - (self.false_negatives + self.false_positives + self.id_switches) / self.num_gt

    @property
    def idf1(self) -> float:
        denominator = 2 * self.idtp + self.idfp + self.idfn
        return 2 * self.idtp / denominator if denominator else float("nan")

    @property
    def recall(self) -> float:
        return self.matches / self.num_gt if self.num_gt else float("nan")

    @property
    def precision(self) -> float:
        return self.matches / self.num_hyp if self.num_hyp else float("nan")

    def summary(self) -> str:
        return (
            f"MOTA {self.mota:.3f}  IDF1 {self.idf1:.3f}  FN {self.false_negatives}  "
            f"FP {self.false_positives}  IDSW {self.id_switches}  recall {self.recall:.3f}  "
            f"precision {self.precision:.3f}  (GT {self.num_gt}, hyp {self.num_hyp})"
        )


def _frame(data: FrameBoxes, frame: int) -> tuple[np.ndarray, np.ndarray]:
    if frame not in data:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 4))
    ids, boxes = data[frame]
    return np.asarray(ids, dtype=np.int64).reshape(-1), np.asarray(boxes, float).reshape(-1, 4)


def evaluate_mot(gt: FrameBoxes, hyp: FrameBoxes, iou_threshold: float = 0.5) -> MotMetrics:
    """MOTA and IDF1 counts of hypotheses ``hyp`` against ground truth ``gt``."""
    last_match: dict[int, int] = {}  # gt id -> hyp id it was last matched to
    num_gt = num_hyp = matches = fn = fp = idsw = 0
    pair_frames: dict[tuple[int, int], int] = defaultdict(int)
    gt_count: dict[int, int] = defaultdict(int)
    hyp_count: dict[int, int] = defaultdict(int)
    for frame in sorted(set(gt) | set(hyp)):
        g_ids, g_boxes = _frame(gt, frame)
        h_ids, h_boxes = _frame(hyp, frame)
        num_gt += len(g_ids)
        num_hyp += len(h_ids)
        for g in g_ids:
            gt_count[int(g)] += 1
        for h in h_ids:
            hyp_count[int(h)] += 1
        iou = box_iou(g_boxes, h_boxes)
        valid = iou >= iou_threshold
        # IDF1 co-occurrence: every pair that overlaps enough in this frame.
        for i, j in zip(*np.nonzero(valid), strict=True):
            pair_frames[(int(g_ids[i]), int(h_ids[j]))] += 1
        # MOTA: keep previous correspondences that still hold, then Hungarian on the rest.
        pairs: list[tuple[int, int]] = []
        free_g = set(range(len(g_ids)))
        free_h = set(range(len(h_ids)))
        h_pos = {int(h): j for j, h in enumerate(h_ids)}
        for i, g in enumerate(g_ids):
            j = h_pos.get(last_match.get(int(g), -1))
            if j is not None and j in free_h and valid[i, j]:
                pairs.append((i, j))
                free_g.discard(i)
                free_h.discard(j)
        gi, hj = sorted(free_g), sorted(free_h)
        if gi and hj:
            sub = iou[np.ix_(gi, hj)]
            cost = np.where(sub >= iou_threshold, 1.0 - sub, 2.0)
            for r, c in zip(*linear_sum_assignment(cost), strict=True):
                if sub[r, c] >= iou_threshold:
                    pairs.append((gi[r], hj[c]))
        for i, j in pairs:
            g, h = int(g_ids[i]), int(h_ids[j])
            if g in last_match and last_match[g] != h:
                idsw += 1
            last_match[g] = h
        matches += len(pairs)
        fn += len(g_ids) - len(pairs)
        fp += len(h_ids) - len(pairs)
    idtp = _global_id_matches(pair_frames, gt_count, hyp_count)
    return MotMetrics(num_gt, num_hyp, matches, fn, fp, idsw, idtp, num_hyp - idtp, num_gt - idtp)


def _global_id_matches(
    pair_frames: Mapping[tuple[int, int], int],
    gt_count: Mapping[int, int],
    hyp_count: Mapping[int, int],
) -> int:
    """IDTP: the largest total overlap over one-to-one assignments of gt ids to hyp ids."""
    if not pair_frames:
        return 0
    g_list, h_list = sorted(gt_count), sorted(hyp_count)
    g_pos = {g: i for i, g in enumerate(g_list)}
    h_pos = {h: j for j, h in enumerate(h_list)}
    overlap = np.zeros((len(g_list), len(h_list)))
    for (g, h), n in pair_frames.items():
        overlap[g_pos[g], h_pos[h]] = n
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return int(overlap[rows, cols].sum())
