"""The guidebook as code: the deployment file, its checks, the notice and the assessment.

No pixels here: this layer reads ``privacam.yaml`` and derives everything else from it.

>>> from privacam.policy.loader import load_spec_text
>>> from privacam.policy.deployment_template import render_template
>>> loaded = load_spec_text(render_template("counting"))
>>> loaded.spec.case.value
'counting'
"""
