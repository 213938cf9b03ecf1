"""Numbers stored as blobs: turn numpy scalars that reached SQLite back into numbers.

Before records converted numpy scalars to Python numbers, SQLite's driver stored
an ``np.int64`` (case ⑥'s ``congestion_level``, for one) as the scalar's raw
bytes: an 8-byte blob in an INTEGER column, which CSV showed as ``b'\\x01\\x00…'``
and JSON could not encode. This revision decodes those blobs in place.

The bytes are the scalar's memory in the writer's byte order, little-endian on
every platform privacam runs on. The length tells the type: in an INTEGER column
1, 2, 4 or 8 bytes are a signed integer; in a FLOAT column 2 or 4 bytes are a
half or single float (``np.float64`` is a ``float`` subclass and was never a blob),
and 1 or 8 bytes an integer. PostgreSQL columns are typed, so it never held a blob.

Revision ID: 0002
Revises: 0001
Create Date: 2027-01-12
"""

import logging
import struct
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)

#: The numeric columns of the record tables at revision 0001.
INTEGER_COLUMNS = {
    "line_counts": ("count",),
    "zone_occupancy": ("max",),
    "flow_windows": ("visits",),
    "zone_transitions": ("count",),
    "heatmaps": ("rows", "cols"),
    "crowd_intervals": ("moving", "still", "congestion_level"),
}
FLOAT_COLUMNS = {
    "zone_occupancy": ("mean",),
    "flow_windows": ("total_dwell_s", "mean_dwell_s"),
}
_INTEGER_FORMATS = {1: "<b", 2: "<h", 4: "<i", 8: "<q"}
_FLOAT_FORMATS = {1: "<b", 2: "<e", 4: "<f", 8: "<q"}


def decode(blob: bytes, *, integer: bool) -> int | float | None:
    """The number a numpy scalar's bytes hold (``01 00 00 00 00 00 00 00`` is 1), or None
    for a length no scalar has."""
    formats = _INTEGER_FORMATS if integer else _FLOAT_FORMATS
    layout = formats.get(len(blob))
    if layout is None:
        return None
    (value,) = struct.unpack(layout, blob)
    return int(value) if integer else float(value)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for columns, integer in ((INTEGER_COLUMNS, True), (FLOAT_COLUMNS, False)):
        for table, names in columns.items():
            for name in names:
                _decode_column(bind, table, name, integer=integer)


def _decode_column(bind: sa.Connection, table: str, column: str, *, integer: bool) -> None:
    rows = bind.execute(
        sa.text(f'SELECT id, "{column}" FROM {table} WHERE typeof("{column}") = \'blob\'')
    ).all()
    fixed = 0
    for row_id, blob in rows:
        value = decode(bytes(blob), integer=integer)
        if value is None:
            log.warning(
                "%s.%s row %s: a %d-byte blob is no number; left as it is",
                table,
                column,
                row_id,
                len(blob),
            )
            continue
        bind.execute(
            sa.text(f'UPDATE {table} SET "{column}" = :value WHERE id = :id'),
            {"value": value, "id": row_id},
        )
        fixed += 1
    if fixed:
        log.info("%s.%s: %d number(s) stored as blobs decoded", table, column, fixed)


def downgrade() -> None:
    """Nothing to undo: the numbers were always meant to be numbers."""
