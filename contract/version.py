"""The contract version: a short hash of what the build publishes (tables, columns, indicators).

The build writes it into manifest.json; the app compares it with the version it was written for and
refuses data only when they differ. Texts (labels, descriptions, caveats) are left out: the app reads
them from metadata.json at run time, so rewording a label needs no rebuild.
"""

from __future__ import annotations

import hashlib
import json

INDICATOR_FIELDS = (
    "id",
    "table",
    "column",
    "unit",
    "format",
    "direction",
    "levels",
    "by_scope",
    "numerator",
    "denominator",
    "scale",
    "secret_cells",
    "caveat_column",
)


def contract_document(tables: dict[str, dict], indicators: list[dict]) -> dict:
    """The structural part of metadata.json: every table's columns with dtype and unit, every indicator."""
    return {
        "tables": {
            name: [[c["name"], c["dtype"], c.get("unit")] for c in table["columns"]]
            for name, table in sorted(tables.items())
        },
        "indicators": [{field: record.get(field) for field in INDICATOR_FIELDS} for record in indicators],
    }


def contract_version(tables: dict[str, dict], indicators: list[dict]) -> str:
    payload = json.dumps(contract_document(tables, indicators), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
