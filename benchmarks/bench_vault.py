"""Speed of case ③'s vault: enrolment, decrypting the gallery once per run, one-to-many match.

Random unit features stand in for faces (only the sizes matter here). The store is a
temporary SQLite file (or ``--url`` for PostgreSQL), the master key a throwaway one.

    .venv/bin/python benchmarks/bench_vault.py --templates 5000 --dims 128 --probes 200
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from privacam.store import Store
from privacam.store.vault import Vault


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=5000)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--url", help="a store URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-vault-"))
    os.environ.setdefault("PRIVACAM_AUDIT_KEY_FILE", str(folder / "audit.key"))
    os.environ.setdefault("PRIVACAM_VAULT_KEY_FILE", str(folder / "vault.key"))
    rng = np.random.default_rng(1)
    features = rng.standard_normal((args.templates, args.dims)).astype(np.float32)
    features /= np.linalg.norm(features, axis=1, keepdims=True)
    now = datetime.now(UTC)
    with Store.open(args.url or str(folder / "privacam.db")) as store:
        vault = Vault(store, model="bench")
        start = time.perf_counter()
        for feature in features:
            vault.enrol(feature, store_id="s1", seen_at=now)
        enrol_s = time.perf_counter() - start

        start = time.perf_counter()
        fresh = Vault(store, model="bench")
        fresh.match(features[0], threshold=0.9, margin=0.02)  # decrypts the whole gallery
        decrypt_s = time.perf_counter() - start

        probes = features[rng.integers(0, args.templates, args.probes)]
        start = time.perf_counter()
        for probe in probes:
            fresh.match(probe, threshold=0.9, margin=0.02)
        match_s = time.perf_counter() - start
    n = args.templates
    print(f"templates {n} × {args.dims}-d on {store.display_url}")
    print(f"enrol            {1000 * enrol_s / n:8.2f} ms per template (one transaction each)")
    print(
        f"decrypt gallery  {1000 * decrypt_s:8.1f} ms for all {n} ({1e6 * decrypt_s / n:.0f} µs each)"
    )
    print(f"match            {1000 * match_s / args.probes:8.3f} ms per face against {n}")


if __name__ == "__main__":
    main()
