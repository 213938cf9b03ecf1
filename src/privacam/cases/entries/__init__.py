"""One module per case, each providing its :class:`~privacam.cases.entry.CaseEntry`.

To add a case, copy :mod:`~.counting`, fill in its entry and list it in
:data:`privacam.cases.registry.CASES`; nothing in ``runtime`` or ``cli`` changes.
"""
