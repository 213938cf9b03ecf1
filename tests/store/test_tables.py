"""Every record kind's fields are its table's columns: one schema, written in two places.

``records.py`` declares the fields, ``store/tables.py`` the columns (and the migrations
follow the tables; test_migrations.py holds those two together). This module holds the
first two together: a field added to a record without its column, a column without its
field, or a field whose type or nullability its column cannot hold, fails here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import pytest
from sqlalchemy import JSON, Boolean, Float, Integer, String, Table
from sqlalchemy.types import TypeEngine

from privacam.records import RECORD_KINDS, LineCount, Record, RunRecord
from privacam.store.account_tables import ACCOUNT_TABLES
from privacam.store.ledger_tables import LEDGER_TABLES
from privacam.store.tables import TABLES, line_counts, metadata, table_for
from privacam.store.types import UTCDateTime


def _optional(hint: Any) -> tuple[Any, bool]:
    """``hint`` without ``None``, and whether it allowed ``None``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


def _column_type_for(hint: Any) -> type[TypeEngine[Any]]:
    """The column type that holds values of the field type ``hint``."""
    origin = typing.get_origin(hint)
    if hint is str or origin is Literal:
        return String
    if hint is bool:
        return Boolean
    if hint is int:
        return Integer
    if hint is float:
        return Float
    if hint is datetime:
        return UTCDateTime
    if origin in (tuple, list, dict, Mapping):
        return JSON
    raise AssertionError(f"no column type is known for field type {hint!r}")


def schema_mismatches(record_type: type[Record], table: Table) -> list[str]:
    """What differs between ``record_type``'s fields and ``table``'s columns (empty: none)."""
    hints = typing.get_type_hints(record_type)
    fields = {f.name for f in dataclasses.fields(record_type)}
    columns = {c.name: c for c in table.columns if not c.info.get("bookkeeping")}
    problems = [f"field {name} has no column" for name in sorted(fields - columns.keys())]
    problems += [f"column {name} is no field" for name in sorted(columns.keys() - fields)]
    for name in sorted(fields & columns.keys()):
        column = columns[name]
        hint, nullable = _optional(hints[name])
        wanted = _column_type_for(hint)
        if not isinstance(column.type, wanted):
            problems.append(f"{name}: a {hint!r} field in a {column.type!r} column")
        if bool(column.nullable) != nullable:
            problems.append(f"{name}: field nullable={nullable}, column nullable={column.nullable}")
        length = getattr(column.type, "length", None)
        if typing.get_origin(hint) is Literal and length is not None:
            longest = max(len(value) for value in typing.get_args(hint))
            if longest > length:
                problems.append(f"{name}: a {longest}-character value in a {column.type!r}")
    return problems


@pytest.mark.parametrize("kind", sorted(RECORD_KINDS))
def test_every_record_field_is_a_column_of_its_table(kind: str) -> None:
    record_type = RECORD_KINDS[kind]
    assert schema_mismatches(record_type, table_for(record_type)) == []


def test_every_record_kind_has_a_table_and_no_table_lacks_a_kind() -> None:
    assert set(TABLES) == set(RECORD_KINDS)
    # Besides the records: the audit log, the vault's sealed templates and their keys,
    # the rights and incident ledgers, and the server's accounts.
    vault = {"vault_templates", "vault_exclusions", "vault_keys"}
    others = {"audit_log", *vault, *LEDGER_TABLES, *ACCOUNT_TABLES, "push_outbox"}
    assert set(metadata.tables) - set(TABLES) == others


def test_a_field_added_to_a_record_without_a_column_is_caught() -> None:
    @dataclass(frozen=True, kw_only=True)
    class LineCountWithWeather(LineCount):
        weather: str = "fine"

    assert schema_mismatches(LineCountWithWeather, line_counts) == ["field weather has no column"]


def test_a_field_whose_column_cannot_hold_it_is_caught() -> None:
    @dataclass(frozen=True, kw_only=True)
    class FractionalCount(LineCount):
        count: float | None = None  # type: ignore[assignment]

    assert schema_mismatches(FractionalCount, line_counts) == [
        "count: a <class 'float'> field in a Integer() column",
        "count: field nullable=True, column nullable=False",
    ]


def test_a_status_longer_than_its_column_is_caught() -> None:
    @dataclass(frozen=True, kw_only=True)
    class LongStatus(RunRecord):
        status: Literal["running", "stopped-by-the-operator-at-night"] = "running"  # type: ignore[assignment]

    assert schema_mismatches(LongStatus, TABLES["runs"]) == [
        "status: a 32-character value in a String(length=16)"
    ]
