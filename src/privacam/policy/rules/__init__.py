"""The rules of ``privacam check``, one module per theme; importing this package registers them."""

from privacam.policy.rules import (  # noqa: F401
    accountability,
    attested,
    cases,
    data,
    face_recognition,
    handling,
    notice,
    proportionality,
    purpose,
    repeat_visitors,
    security,
)
