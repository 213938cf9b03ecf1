"""Face recognition written into a purpose of a case that must not identify anyone (GB §4)."""

from __future__ import annotations

from privacam.policy.checks import rule
from privacam.policy.face_recognition import face_recognition_use
from privacam.policy.spec import Case

#: Only case ③ matches faces; every other case is built so that nobody is identified.
_CASES_THAT_DO_NOT_IDENTIFY = tuple(case for case in Case if case is not Case.repeat)


@rule(
    "PUR-015",
    severity="error",
    basis=("GB §4", "APPI 第2条第2項"),
    stage="plan",
    title=(
        "③以外の事例の利用目的に顔認識（顔認証・顔照合）を含めない",
        "No face recognition (face matching, identification) in the purposes of cases other than ③",
    ),
    fields=("purposes[].data_item", "purposes[].use", "purposes[].output"),
    cases=_CASES_THAT_DO_NOT_IDENTIFY,
)
def no_face_recognition_outside_repeat(spec, context):
    use = face_recognition_use(spec)
    if use.by_case:
        return
    for path in use.in_purposes:
        yield (
            f"{path} は顔認識（顔認証・顔照合）を述べていますが、事例「{spec.case.value}」は"
            "個人を識別しない事例です。顔認識を使わない目的に書き直してください（通知には顔認識の"
            "使用が明記されます）",
            f"{path} describes face recognition, but case '{spec.case.value}' must not identify "
            "anyone: rewrite the purpose without it (the notice states that face recognition is "
            "used while it is there)",
            path,
        )
