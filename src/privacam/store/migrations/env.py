"""Alembic environment: run on the connection privacam.store.migrate hands over.

privacam runs migrations itself when it opens a store (``upgrade head``); the
``alembic`` machinery is only called directly to write new revisions (see
``privacam.store.migrate.revision``).
"""

from alembic import context

from privacam.store.tables import metadata
from privacam.store.types import UTCDateTime


def render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    # Revisions use plain SQLAlchemy types, so they never break when privacam's change.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
