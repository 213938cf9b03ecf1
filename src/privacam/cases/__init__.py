"""The six application cases: each turns tracks into the few records its purpose needs.

See :mod:`privacam.cases.base` for the interface the runtime drives. A case knows the
vision layer's types and the record kinds, never the store.
"""
