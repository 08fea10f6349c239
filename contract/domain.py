"""Domain constants shared by the build and the app, each defined here and nowhere else."""

from __future__ import annotations

# Industrial occupations: FAP domains C to H (electricity-electronics, mechanics-metalwork, process
# industries, soft materials-wood-printing, maintenance, industrial engineers and technicians), the
# same letters in FAP 2009 (surveys up to 2023) and FAP 2021 (2024 on).
INDUSTRIAL_DOMAINS: tuple[str, ...] = ("C", "D", "E", "F", "G", "H")

FRANCE = "FR"  # the code of France in every table with a `level` column
TERRITORY_LEVELS: tuple[str, ...] = ("ze", "dep", "reg", "fr")  # zone d'emploi, département, région, France
TYPOLOGIES: tuple[str, ...] = ("urbain", "intermediaire", "rural")
