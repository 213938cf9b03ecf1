"""Data-subject requests (disclosure, stop-use, deletion, opt-out) and leak incidents.

- :mod:`~privacam.rights.requests`: the request log, a state machine with its history;
- :mod:`~privacam.rights.holdings`: the answer of a case that holds nothing identifying;
- :mod:`~privacam.rights.letters`: letters to the requester in ja/en, HTML or PDF;
- :mod:`~privacam.rights.incidents` and :mod:`~privacam.rights.incident_drafts`: the
  incident register and the drafts of the reports to the PPC and the notice to people
  (the decision itself is the policy layer's: :mod:`privacam.policy.incidents`).

This package uses the store, policy, vision and records; never runtime, cli or server.
"""
