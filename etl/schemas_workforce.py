"""Published tables of the workforce family (see etl/schemas.py for the registry)."""

from __future__ import annotations

from etl.validation import Table

TABLES: tuple[Table, ...] = ()
