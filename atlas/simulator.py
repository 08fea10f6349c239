"""Replacement-need scenario: how much external hiring remains once upskilling and local graduates are counted.

need over ten years      = estimated industrial departures + industrial jobs x expected growth (not below 0)
internal route (a year)  = need per year x share covered by internal upskilling and promotion
graduates (a year)       = need per year x share covered by local young graduates, up to what local BTS
                           supply can give: industrial BTS places x completion rate x employment rate
external hiring (a year) = need per year - internal route - graduates actually available
It is arithmetic on indicators, not a forecast: every input is shown and can be changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    departures_10y: float | None  # estimated industrial departures over ten years
    industrial_jobs: float | None
    growth: float = 0.0  # expected change of industrial jobs over ten years (0.05 = +5 %)
    share_internal: float = 0.3
    share_graduates: float = 0.3
    bts_places: float = 0.0  # industrial BTS places a year in the territory
    completion_rate: float = 0.8  # share of first-year places that end with a graduate
    employment_rate: float = 0.7  # share of graduates in a job 12 months after (InserJeunes)
    current_projects: float | None = None  # industrial recruitment projects a year (BMO)
    difficult_share: float | None = None  # share of those projects judged difficult


# The user's starting assumptions, declared once (above): the page's sliders and the URL start here.
DEFAULT = Scenario(departures_10y=None, industrial_jobs=None)


@dataclass(frozen=True)
class Result:
    computable: bool
    reason: str = ""
    warnings: tuple[str, ...] = ()
    need_10y: float = math.nan
    need_per_year: float = math.nan
    share_internal: float = math.nan  # after normalisation
    share_graduates: float = math.nan
    share_external: float = math.nan
    internal_per_year: float = math.nan
    graduates_wanted_per_year: float = math.nan
    graduates_capacity_per_year: float = math.nan
    graduates_per_year: float = math.nan
    external_per_year: float = math.nan
    external_vs_projects: float = math.nan  # external hiring a year / current projects a year
    external_difficult_per_year: float = math.nan  # at today's difficulty
    details: dict[str, float] = field(default_factory=dict)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _clip01(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)


def simulate(scenario: Scenario) -> Result:
    """Apply the formulas above; missing inputs make the scenario not computable, never zero."""
    if _missing(scenario.departures_10y) or _missing(scenario.industrial_jobs):
        return Result(
            False,
            "Départs estimés ou emplois industriels inconnus pour ce territoire "
            "(pas de données du recensement, par exemple outre-mer).",
        )
    warnings: list[str] = []
    internal, graduates = _clip01(scenario.share_internal), _clip01(scenario.share_graduates)
    if (internal, graduates) != (scenario.share_internal, scenario.share_graduates):
        warnings.append("Les parts sont ramenées entre 0 et 100 %.")
    if internal + graduates > 1:
        total = internal + graduates
        warnings.append(
            f"Les parts de la promotion interne et des jeunes diplômés dépassent 100 % ({100 * total:.0f} %) : "
            "elles sont réduites à proportion pour totaliser 100 %, et le recrutement externe est nul."
        )
        internal, graduates = internal / total, graduates / total
    external_share = round(max(1.0 - internal - graduates, 0.0), 12)

    need_10y = max(scenario.departures_10y + scenario.industrial_jobs * scenario.growth, 0.0)
    if scenario.departures_10y + scenario.industrial_jobs * scenario.growth < 0:
        warnings.append("La baisse d'emplois attendue dépasse les départs : aucun besoin de remplacement.")
    need_year = need_10y / 10
    internal_year = need_year * internal
    wanted = need_year * graduates
    capacity = max(scenario.bts_places, 0.0) * _clip01(scenario.completion_rate) * _clip01(scenario.employment_rate)
    available = min(wanted, capacity)
    if wanted > capacity + 1e-9:
        warnings.append(
            f"L'offre locale de BTS ne fournit qu'environ {capacity:.0f} diplômés en emploi par an, moins que les "
            f"{wanted:.0f} visés : l'écart ({wanted - capacity:.0f} par an) s'ajoute au recrutement externe."
        )
    external_year = need_year - internal_year - available
    projects = scenario.current_projects
    versus = external_year / projects if not _missing(projects) and projects > 0 else math.nan
    difficult = external_year * scenario.difficult_share if not _missing(scenario.difficult_share) else math.nan
    return Result(
        True,
        warnings=tuple(warnings),
        need_10y=need_10y,
        need_per_year=need_year,
        share_internal=internal,
        share_graduates=graduates,
        share_external=external_share,
        internal_per_year=internal_year,
        graduates_wanted_per_year=wanted,
        graduates_capacity_per_year=capacity,
        graduates_per_year=available,
        external_per_year=external_year,
        external_vs_projects=versus,
        external_difficult_per_year=difficult,
        details={"growth_jobs_10y": scenario.industrial_jobs * scenario.growth},
    )
