"""Build a :class:`Job` from the deployment file's ``street`` settings (or defaults without one)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from privacam.cases.street.detection import DetectorConfig
from privacam.cases.street.job import Job, OriginalsSink
from privacam.policy.spec import Case, StreetSettings

if TYPE_CHECKING:  # the loader (YAML, checks) loads only when --spec gives a file
    from privacam.policy.loader import LoadedSpec

log = logging.getLogger(__name__)


def job_from_spec(
    outdir: Path,
    loaded: LoadedSpec | None,
    *,
    quarantine: OriginalsSink | None = None,
    **detector: object,
) -> Job:
    """The job for ``outdir``: masks, GPS precision and audio from the deployment.

    Without a deployment file the defaults apply (faces and plates, blur, GPS
    to 3 decimals, no audio, no sidecars). ``quarantine`` keeps the unmasked
    originals (the store's quarantine of the deployment), or None.
    """
    settings = StreetSettings()
    sha = None
    if loaded is not None:
        sha = loaded.sha256
        spec = loaded.spec
        if spec.case is not Case.street:
            log.warning(
                "deployment case is %s, not street: using its street settings if any",
                spec.case.value,
            )
        settings = spec.case_settings.street or StreetSettings()
    config = DetectorConfig(
        faces="faces" in settings.mask,
        plates="plates" in settings.mask,
        **detector,  # type: ignore[arg-type]
    )
    return Job(
        outdir=outdir.resolve(),
        settings=settings,
        detector=config,
        deployment_sha256=sha,
        quarantine=quarantine,
    )
