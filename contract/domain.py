"""Domain constants shared by the build and the app, each defined here and nowhere else."""

from __future__ import annotations

# Industrial occupations: FAP domains C to H (electricity-electronics, mechanics-metalwork, process
# industries, soft materials-wood-printing, maintenance, industrial engineers and technicians), the
# same letters in FAP 2009 (surveys up to 2023) and FAP 2021 (2024 on).
INDUSTRIAL_DOMAINS: tuple[str, ...] = ("C", "D", "E", "F", "G", "H")

FRANCE = "FR"  # the code of France in every table with a `level` column
TERRITORY_LEVELS: tuple[str, ...] = ("ze", "dep", "reg", "fr")  # zone d'emploi, département, région, France
TYPOLOGIES: tuple[str, ...] = ("urbain", "intermediaire", "rural")

# Reliability of a BMO figure (territory x survey year x occupation scope). A figure is flagged when it
# rests on few projects, on much secrecy, on an unusual swing against the territory's own history, or
# (zones) mostly on bassins spread over a whole département; flagged figures are drawn apart, left out
# of rankings by default, and never turned into a sentence about change without a caution.
MIN_PROJECTS = 50  # fewer published projects than this
MAX_HIDDEN_SHARE = 0.25  # secret cells could hold more than this share of the projects
MAX_SHARE_BOUNDS = 0.20  # the difficult share's bounds are wider than this (20 points)
SWING_FACTOR = 3.0  # a change from the previous survey (beyond France's) over 3 times the territory's typical one
MIN_SWING_POINTS = 0.10  # ...and more than 10 points of difficult share
MIN_SWING_RATIO = 1.5  # ...or projects multiplied or divided by more than 1.5
MAX_FALLBACK_SHARE = 0.5  # more than half of a zone's projects come from a whole-département fallback

# Training alerts ("hiring is hard and local BTS places are few") are raised only where BTS training can answer.
# BTS_TRAINED_DOMAINS: the industrial FAP domains that BTS courses train for. A BTS trains technicians; linked
# diploma -> first ROME -> FAP (technicians' FAP preferred), BTS places fall in domains C to G (electricity-
# electronics, mechanics-metalwork, process industries, soft materials-wood-printing, maintenance), while domain H
# (industrial engineers and managers) gets only a stray link (BTS Industries céramiques, 20-30 places a year in
# France, against 50,000 industrial places): BTS does not train engineers and managers, so a zone is never told
# it lacks BTS places for them. tests/data/test_training_data.py checks this split against the published places.
BTS_TRAINED_DOMAINS: tuple[str, ...] = tuple(d for d in INDUSTRIAL_DOMAINS if d != "H")
# ...and only on a domain with at least this many published recruitment projects: below it the difficult share
# rests on a handful of projects (the BMO reliability threshold above), too few to call for a training answer.
MIN_PROJECTS_FOR_TRAINING_ALERT = MIN_PROJECTS

# Routes to fill positions (projection « Les métiers en 2030 »): a zone's or département's share of its région's
# young entrants follows its positions to fill, corrected by its industrial BTS places per 100 industrial projects
# against the région's, within these bounds (a quarter more or fewer young entrants than the région's average).
TRAINING_ADJUSTMENT_BOUNDS: tuple[float, float] = (0.75, 1.25)
