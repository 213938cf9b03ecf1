"""Rights probes on dlib_johns: does a person's photo find them, and only them, in the vault?

Each of the five Johns is enrolled in a throwaway vault from his first crop; every
other crop (50 in all) is then a photo submitted with a request, identified as
``privacam rights answer`` does (:func:`privacam.rights.identify.identify`: the
threshold, a runner-up margin). Printed: how many probes matched their own person,
matched someone else (must be 0), were ambiguous or matched no one; the closest
different-person similarity seen; and the time per probe (detect, embed, match).

Run:  .venv/bin/python benchmarks/bench_rights_probes.py [--threshold 0.96] [--model dlib_resnet]

The threshold defaults to the one ``privacam rights answer`` uses: the model's measured
safe threshold (:data:`privacam.policy.face_matching.CALIBRATIONS`), else 0.92.

Measured 2026-12-01 on this project's 2-core machine, with
``PRIVACAM_MODELS=../shared/assets/models PRIVACAM_MEDIA=../shared/assets/media``, margin
0.05, dlib_resnet:

- at its calibrated 0.96: 47 of 50 probes found their own person, 0 someone else,
  0 ambiguous, 3 no one (those requesters are asked for another photo); 88 ms median
  per probe (102 ms max), detect, embed and the audited match;
- at 0.92, and at the template's 0.6: 50 of 50 found their own person, 0 someone else.

The closest different person was 0.889.
Five people cannot show how the margin behaves in a gallery of thousands: the model's
calibration (``privacam.policy.face_matching.CALIBRATIONS``) is where that is measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--margin", type=float, default=None)
    parser.add_argument("--model", default="dlib_resnet")
    args = parser.parse_args()
    media = Path(os.environ.get("PRIVACAM_MEDIA", "../shared/assets/media")) / "dlib_johns"
    people = {d.name: sorted(d.iterdir()) for d in sorted(media.iterdir()) if d.is_dir()}
    if not people:
        print(f"no people in {media}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp())
    os.environ["PRIVACAM_AUDIT_KEY_FILE"] = str(folder / "audit.key")
    os.environ["PRIVACAM_VAULT_KEY_FILE"] = str(folder / "vault.key")

    from privacam.policy.face_matching import CALIBRATIONS
    from privacam.rights.identify import RIGHTS_MARGIN, identify
    from privacam.rights.photo_setup import photo_tools
    from privacam.rights.probe import decode_photo, probe_feature
    from privacam.store import Store
    from privacam.store.vault import Vault

    margin = RIGHTS_MARGIN if args.margin is None else args.margin
    if args.threshold is None:
        known = CALIBRATIONS.get(args.model)
        args.threshold = known.safe_threshold if known is not None else 0.92
    tools = photo_tools(args.model)
    store = Store.open(str(folder / "privacam.db"))
    vault = Vault(store, model=tools.model)
    now = datetime.now(UTC)

    def feature(path: Path) -> np.ndarray:
        return probe_feature(decode_photo(path.read_bytes()), tools.detector, tools.embedder)

    owner = {vault.enrol(feature(c[0]), store_id="s", seen_at=now): n for n, c in people.items()}
    outcomes: Counter[str] = Counter()
    closest_other, times = -1.0, []
    for name, crops in people.items():
        for crop in crops[1:]:
            started = time.perf_counter()
            probe = feature(crop)
            found = identify(vault, probe, threshold=args.threshold, margin=margin)
            times.append(time.perf_counter() - started)
            if found.matched:
                outcomes["own person" if owner[found.visitor_id] == name else "SOMEONE ELSE"] += 1
            else:
                outcomes[found.outcome] += 1
            others = [
                m.similarity
                for m in vault.candidates(probe, threshold=-1.0)
                if owner[m.visitor_id] != name
            ]
            closest_other = max(closest_other, *others)
    total = sum(outcomes.values())
    print(f"{args.model}, threshold {args.threshold}, margin {margin}: {total} probes")
    for label in ("own person", "SOMEONE ELSE", "ambiguous", "no_match"):
        print(f"  {label:<13} {outcomes[label]:>3}")
    print(f"  closest different person: {closest_other:.3f} (cosine)")
    ms = [1000 * t for t in times]
    print(f"  per probe: median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
