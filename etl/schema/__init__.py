"""Every published table: columns, types, keys and constraints, gathered from one module per family.

Shared columns are declared once in fields.py; indicator columns come from etl/indicators.py;
the machinery that checks a table before anything is written is in validation.py.
"""

from __future__ import annotations

from etl.schema import bmo, geography, replacement, tensions, territory, training, workforce
from etl.schema.validation import Column, Table, validate

__all__ = ["TABLES", "Column", "Table", "validate"]

TABLES: dict[str, Table] = {}
for _family in (geography, bmo, tensions, workforce, replacement, training, territory):
    for _table in _family.TABLES:
        if _table.name in TABLES:
            raise ValueError(f"table {_table.name!r} is declared twice")
        TABLES[_table.name] = _table
