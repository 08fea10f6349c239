"""Vintages the build picks among several available years, declared once for the steps and indicators."""

from __future__ import annotations

CENSUS_YEAR = 2022  # census at IRIS level (age bands, employment of 55-64)
JOBS_YEAR = 2023  # FLORES salaried jobs behind every per-job ratio
CONTRACTS_YEAR = 2023  # new apprenticeship contracts
