"""Whether a deployment uses face recognition, and so whether its notice must say so.

One answer feeds both the notice (the sign's and the web page's line
顔認識技術を使用しています) and ``privacam check`` (CAS-002, PUR-015), so the two
can never disagree (GB §3, GB §4; APPI 第21条). A deployment uses face
recognition when its case matches faces (③) or when one of its purpose texts
describes it, in Japanese or English:

>>> from privacam.policy.deployment_template import render_template
>>> from privacam.policy.loader import load_spec_text
>>> face_recognition_use(load_spec_text(render_template("repeat")).spec).stated
True
>>> use = face_recognition_use(load_spec_text(render_template("counting")).spec)
>>> use.used, use.stated
(False, False)
>>> describes_face_recognition("顔認証で入店者を照合する"), describes_face_recognition("count people")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from privacam.policy.case_profiles import PROFILES
from privacam.policy.spec import Deployment

#: Wording of face recognition (identifying, matching or searching people by their faces).
#: Face *detection* and masking are not in it:
#: case ① reads age and gender from a face and case ⑤ masks faces without identifying anyone.
_FACE_RECOGNITION = re.compile(
    r"顔(?:特徴量?|画像|写真|データ)?(?:を|の|で|による|による本人の)?(?:認証|認識|照合|識別|検索)"
    r"|顔(?:で|により|によって)(?:本人|個人|人物)を(?:特定|識別)"
    r"|fac(?:e|ial)[- ]?(?:recogni\w*|identif\w*|match\w*|verif\w*|authenticat\w*|search\w*)"
    r"|\bface ?ID\b"
    r"|(?:recogni\w*|identif\w*|match\w*) (?:\w+ ){0,3}by (?:their |his |her )?faces?\b",
    re.IGNORECASE,
)

#: The purpose texts scanned, as named in the deployment file.
PURPOSE_PARTS = ("data_item", "use", "output")


def describes_face_recognition(text: str) -> bool:
    """True when ``text`` (Japanese or English) describes face recognition."""
    return _FACE_RECOGNITION.search(text) is not None


@dataclass(frozen=True)
class FaceRecognitionUse:
    """How a deployment uses face recognition, and whether its notice states it."""

    #: The case itself matches faces (③ repeat visitors).
    by_case: bool
    #: Paths (``purposes[2].use``) of the purpose texts that describe face recognition.
    in_purposes: tuple[str, ...]
    #: Case ③'s ``notice_states_face_recognition`` is false: the file asks for no statement.
    withheld: bool

    @property
    def used(self) -> bool:
        return self.by_case or bool(self.in_purposes)

    @property
    def stated(self) -> bool:
        """The notice says 顔認識技術を使用しています: always when a purpose describes face
        recognition (the public reads that purpose on the same sign), and for case ③ unless
        the file withholds it (which CAS-002 makes an error)."""
        return bool(self.in_purposes) or (self.by_case and not self.withheld)


def face_recognition_use(spec: Deployment) -> FaceRecognitionUse:
    """What the notice and the checks both read about face recognition in ``spec``."""
    found = tuple(
        f"purposes[{index}].{part}"
        for index, purpose in enumerate(spec.purposes)
        for part in PURPOSE_PARTS
        if any(describes_face_recognition(text) for text in getattr(purpose, part).root.values())
    )
    repeat = spec.case_settings.repeat
    return FaceRecognitionUse(
        by_case=PROFILES[spec.case].uses_face_recognition,
        in_purposes=found,
        withheld=repeat is not None and not repeat.notice_states_face_recognition,
    )
