"""Replacement-need scenario: how much external hiring remains once upskilling and local graduates are counted.

need over ten years      = estimated industrial departures + industrial jobs x expected growth (not below 0)
internal route (a year)  = need per year x share covered by internal upskilling and promotion
graduates (a year)       = need per year x share covered by local young graduates, up to what local BTS
                           supply can give: industrial BTS places x completion rate x employment rate
external hiring (a year) = need per year - internal route - graduates actually available
It is arithmetic on indicators, not a forecast: every input is shown and can be changed.

Shares and rates are first brought between 0 and 100 %; if the two routes' shares then add up to more than
100 %, they are scaled down in proportion before any figure is computed. Every sentence shown about a scenario
is written from its Result (never from the raw inputs), with the whole numbers of Result.shown, so the text and
the metrics cannot disagree. Those whole numbers are rounded by largest remainder: the routes add up to the need.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from atlas.formats import NNBSP, fmt_int, fmt_pct


@dataclass(frozen=True)
class Scenario:
    departures_10y: float | None  # estimated industrial departures over ten years
    industrial_jobs: float | None
    growth: float = 0.0  # expected change of industrial jobs over ten years (0.05 = +5 %)
    share_internal: float = 0.3
    share_graduates: float = 0.3
    bts_places: float | None = 0.0  # industrial BTS places a year in the territory
    completion_rate: float = 0.8  # share of first-year places that end with a graduate
    employment_rate: float = 0.7  # share of graduates in a job 12 months after (InserJeunes)
    current_projects: float | None = None  # industrial recruitment projects a year (BMO)
    difficult_share: float | None = None  # share of those projects judged difficult


# The user's starting assumptions, declared once (above): the page's sliders and the URL start here.
DEFAULT = Scenario(departures_10y=None, industrial_jobs=None)


@dataclass(frozen=True)
class Shown:
    """The whole numbers a reader sees; internal + graduates + external == need, by construction."""

    need_10y: int
    need: int  # a year, like every figure below
    internal: int
    graduates: int  # graduates actually available
    external: int  # = external_unassigned + shortfall
    external_unassigned: int  # the part of the need that no route's share covers
    shortfall: int  # graduates wanted but not supplied by local BTS, hired outside instead
    graduates_wanted: int  # = graduates + shortfall
    graduates_capacity: int
    external_difficult: int | None  # at today's difficulty, None when the difficulty is unknown
    shares_permille: tuple[int, int, int]  # internal, graduates, unassigned; add up to 1 000


@dataclass(frozen=True)
class Result:
    computable: bool
    reason: str = ""
    warnings: tuple[str, ...] = ()  # written from this Result by notices()
    scenario: Scenario | None = None  # the inputs as used: shares and rates brought between 0 and 1
    clipped: tuple[tuple[str, float, float], ...] = ()  # (label, entered, used) of values outside 0-100 %
    shares_total: float = math.nan  # internal + graduates shares entered (after clipping), before normalisation
    normalised: bool = False  # shares_total > 1: shares scaled down in proportion
    need_10y: float = math.nan
    need_10y_before_floor: float = math.nan  # departures + jobs x growth, may be negative
    need_per_year: float = math.nan
    share_internal: float = math.nan  # after normalisation
    share_graduates: float = math.nan
    share_external: float = math.nan  # share of the need left to no route (not counting the graduate shortfall)
    internal_per_year: float = math.nan
    graduates_wanted_per_year: float = math.nan
    graduates_capacity_per_year: float = math.nan
    graduates_per_year: float = math.nan
    shortfall_per_year: float = math.nan
    external_per_year: float = math.nan
    external_vs_projects: float = math.nan  # external hiring shown a year / current projects a year
    external_difficult_per_year: float = math.nan  # external hiring shown x today's difficult share
    shown: Shown | None = None
    details: dict[str, float] = field(default_factory=dict)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _clip01(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)


def largest_remainder(values: Sequence[float], total: int | None = None) -> list[int]:
    """Whole numbers, each the floor or the ceiling of its value, that add up to `total`.

    `total` defaults to the rounded sum (rounded like fmt_int). The units left once every value is floored go to
    the largest fractional parts; on a tie, to the later value (external hiring, listed last, takes it).
    """
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise ValueError(f"largest_remainder needs finite values >= 0, got {list(values)}")
    if total is None:
        total = round(math.fsum(values))
    floors = [math.floor(v) for v in values]
    left = total - sum(floors)
    if not 0 <= left <= len(values):
        raise ValueError(f"{total} cannot be split as the floors or ceilings of {list(values)}")
    order = sorted(range(len(values)), key=lambda i: (round(values[i] - floors[i], 9), i), reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return floors


def simulate(scenario: Scenario) -> Result:
    """Apply the formulas above; missing inputs make the scenario not computable, never zero."""
    unknown = [
        label
        for label, value in (
            ("départs estimés", scenario.departures_10y),
            ("emplois industriels", scenario.industrial_jobs),
        )
        if _missing(value)
    ]
    if unknown:
        return Result(
            False,
            f"Pas de simulation pour ce territoire : {' et '.join(unknown)} inconnus (pas de données du "
            "recensement ou de FLORES, par exemple outre-mer). Le simulateur n'affiche pas de chiffres plutôt "
            "que des zéros trompeurs.",
        )
    assumptions = (
        ("évolution de l'emploi", scenario.growth),
        ("part interne", scenario.share_internal),
        ("part des diplômés", scenario.share_graduates),
        ("places de BTS", scenario.bts_places),
        ("taux d'obtention", scenario.completion_rate),
        ("taux d'emploi", scenario.employment_rate),
    )
    unset = [label for label, value in assumptions if _missing(value)]
    if unset:
        return Result(False, f"Pas de simulation : hypothèse non renseignée ({', '.join(unset)}).")

    entered = {
        "la part interne": scenario.share_internal,
        "la part des diplômés": scenario.share_graduates,
        "le taux d'obtention": scenario.completion_rate,
        "le taux d'emploi": scenario.employment_rate,
    }
    used = {label: _clip01(value) for label, value in entered.items()}
    clipped = tuple((label, float(entered[label]), used[label]) for label in entered if used[label] != entered[label])
    inputs = dataclasses.replace(
        scenario,
        share_internal=used["la part interne"],
        share_graduates=used["la part des diplômés"],
        completion_rate=used["le taux d'obtention"],
        employment_rate=used["le taux d'emploi"],
        bts_places=max(float(scenario.bts_places), 0.0),
    )

    internal, graduates = inputs.share_internal, inputs.share_graduates
    shares_total = internal + graduates
    normalised = shares_total > 1 + 1e-12
    if normalised:
        internal, graduates = internal / shares_total, graduates / shares_total
    unassigned_share = max(1.0 - internal - graduates, 0.0) if not normalised else 0.0

    raw_need = inputs.departures_10y + inputs.industrial_jobs * inputs.growth
    need_10y = max(raw_need, 0.0)
    need_year = need_10y / 10
    internal_year = need_year * internal
    wanted = need_year * graduates
    capacity = inputs.bts_places * inputs.completion_rate * inputs.employment_rate
    available = min(wanted, capacity)
    shortfall = wanted - available
    unassigned = need_year * unassigned_share
    external_year = unassigned + shortfall

    shares = (internal, graduates, unassigned_share)
    shown = _shown(inputs, shares, need_10y, (need_year, internal_year, available, unassigned, shortfall), capacity)
    projects = inputs.current_projects
    versus = shown.external / projects if not _missing(projects) and projects > 0 else math.nan
    difficult = shown.external * inputs.difficult_share if not _missing(inputs.difficult_share) else math.nan
    result = Result(
        True,
        scenario=inputs,
        clipped=clipped,
        shares_total=shares_total,
        normalised=normalised,
        need_10y=need_10y,
        need_10y_before_floor=raw_need,
        need_per_year=need_year,
        share_internal=shares[0],
        share_graduates=shares[1],
        share_external=round(shares[2], 12),
        internal_per_year=internal_year,
        graduates_wanted_per_year=wanted,
        graduates_capacity_per_year=capacity,
        graduates_per_year=available,
        shortfall_per_year=shortfall,
        external_per_year=external_year,
        external_vs_projects=versus,
        external_difficult_per_year=difficult,
        shown=shown,
        details={"growth_jobs_10y": inputs.industrial_jobs * inputs.growth},
    )
    return dataclasses.replace(result, warnings=tuple(notices(result)))


def _shown(
    inputs: Scenario,
    shares: tuple[float, float, float],
    need_10y: float,
    yearly: tuple[float, float, float, float, float],
    capacity: float,
) -> Shown:
    """yearly: need, internal, graduates available, unassigned, graduate shortfall."""
    need_year, internal, graduates, unassigned, shortfall = yearly
    need = round(need_year)
    parts = [max(v, 0.0) for v in (internal, graduates, unassigned, shortfall)]
    internal_n, graduates_n, unassigned_n, shortfall_n = largest_remainder(parts, need)
    external_n = unassigned_n + shortfall_n
    # When supply binds, the graduates retained are the capacity; otherwise the capacity is never shown below them.
    capacity_n = graduates_n if shortfall > 1e-9 else max(round(capacity), graduates_n)
    difficult = None
    if not _missing(inputs.difficult_share):
        difficult = min(round(external_n * inputs.difficult_share), external_n)
    return Shown(
        need_10y=round(need_10y),
        need=need,
        internal=internal_n,
        graduates=graduates_n,
        external=external_n,
        external_unassigned=unassigned_n,
        shortfall=shortfall_n,
        graduates_wanted=graduates_n + shortfall_n,
        graduates_capacity=capacity_n,
        external_difficult=difficult,
        shares_permille=tuple(largest_remainder([1000 * share for share in shares], 1000)),
    )


# ---------------------------------------------------------------- text, always from a Result


def _pct(share: float) -> str:
    """'50 %' for a whole percentage, '41,7 %' otherwise."""
    whole = abs(100 * share - round(100 * share)) < 1e-9
    return fmt_pct(share, 0 if whole else 1)


def _permille(value: int) -> str:
    return _pct(value / 1000)


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count < 2 else plural


def notices(result: Result) -> list[str]:
    """Warnings about the inputs as they were used (clipping, normalisation, no need, too few graduates)."""
    if not result.computable or result.shown is None:
        return []
    shown, lines = result.shown, []
    if result.clipped:
        changes = ", ".join(f"{label} ({_pct(before)} → {_pct(after)})" for label, before, after in result.clipped)
        lines.append(f"Valeurs hors de 0-100{NNBSP}% ramenées dans cet intervalle : {changes}.")
    if result.normalised:
        internal, graduates, _ = shown.shares_permille
        lines.append(
            f"Les parts saisies dépassent 100{NNBSP}% ({_pct(result.shares_total)}) : elles ont été ramenées à "
            f"100{NNBSP}% en gardant leurs proportions (internes {_permille(internal)}, diplômés "
            f"{_permille(graduates)})."
        )
    if result.need_10y_before_floor < 0:
        lines.append(
            "La baisse d'emplois attendue dépasse les départs : aucun besoin de remplacement, donc aucun "
            "recrutement externe."
        )
    if shown.shortfall > 0:
        lines.append(
            f"L'offre locale de BTS ne fournit qu'environ {fmt_int(shown.graduates_capacity)} "
            f"{_plural(shown.graduates_capacity, 'diplômé', 'diplômés')} en emploi par an, moins que les "
            f"{fmt_int(shown.graduates_wanted)} visés : l'écart ({fmt_int(shown.shortfall)} par an) s'ajoute au "
            "recrutement externe."
        )
    return lines


def headline(result: Result) -> str:
    """One sentence on external hiring, with the figure of the metric."""
    if not result.computable or result.shown is None:
        return result.reason
    shown = result.shown
    if shown.external == 0:
        if shown.need == 0:
            return "Pas de besoin de remplacement par an dans ce scénario : aucun recrutement externe n'est nécessaire."
        return (
            f"Dans ce scénario, la promotion interne ({fmt_int(shown.internal)} par an) et les jeunes diplômés "
            f"locaux ({fmt_int(shown.graduates)} par an) couvrent tout le besoin ({fmt_int(shown.need)} par an) : "
            "aucun recrutement externe n'est nécessaire."
        )
    text = (
        f"Dans ce scénario, il reste {fmt_int(shown.external)} "
        f"{_plural(shown.external, 'recrutement externe', 'recrutements externes')} par an sur un besoin de "
        f"{fmt_int(shown.need)} ({fmt_int(shown.internal)} par la promotion interne, {fmt_int(shown.graduates)} "
        "par les jeunes diplômés locaux)."
    )
    if shown.shortfall == shown.external:
        text += " Ce recrutement externe vient entièrement d'une offre locale de jeunes diplômés insuffisante."
    elif shown.shortfall > 0:
        text += (
            f" Sur ces {fmt_int(shown.external)}, {fmt_int(shown.shortfall)} "
            f"{_plural(shown.shortfall, 'vient', 'viennent')} d'une offre locale de jeunes diplômés insuffisante et "
            f"{fmt_int(shown.external_unassigned)} de la part du besoin que les deux voies ne couvrent pas."
        )
    return text


def external_in_headline(text: str) -> int | None:
    """The external hiring figure a headline states (0 for 'aucun recrutement externe'), None if it states none."""
    if "aucun recrutement externe" in text:
        return 0
    found = re.search(r"il reste ([\d\u202f]+) recrutements? externes?", text)
    return int(found.group(1).replace("\u202f", "")) if found else None


def explain(result: Result, year: int) -> list[str]:
    """The scenario's arithmetic written out with its own (shown) numbers."""
    if not result.computable or result.shown is None or result.scenario is None:
        return []
    inputs, shown = result.scenario, result.shown
    internal_pm, graduates_pm, _ = shown.shares_permille
    need = fmt_int(shown.need)
    first = (
        f"Besoin sur dix ans = départs estimés {fmt_int(inputs.departures_10y)} + emplois industriels "
        f"{fmt_int(inputs.industrial_jobs)} × évolution {_pct(inputs.growth)}"
    )
    if result.need_10y_before_floor < 0:
        first += (
            f" = {fmt_int(result.need_10y_before_floor)}, ramené à **0** (pas de besoin négatif), soit **0 par an**."
        )
    else:
        first += f" = **{fmt_int(shown.need_10y)}**, soit **{need} par an**."
    lines = [
        first,
        f"Promotion et montée en compétences : {_permille(internal_pm)} × {need} = "
        f"**{fmt_int(shown.internal)} par an**.",
        f"Jeunes diplômés visés : {_permille(graduates_pm)} × {need} = {fmt_int(shown.graduates_wanted)} ; l'offre "
        f"locale en fournit au plus {fmt_int(inputs.bts_places)} places × {_pct(inputs.completion_rate)} diplômés × "
        f"{_pct(inputs.employment_rate)} en emploi = {fmt_int(shown.graduates_capacity)} ; retenus : "
        f"**{fmt_int(shown.graduates)} par an**.",
    ]
    external = (
        f"Recrutement externe restant = {need} − {fmt_int(shown.internal)} − {fmt_int(shown.graduates)} = "
        f"**{fmt_int(shown.external)} par an**"
    )
    if 0 < shown.shortfall == shown.external:
        external += " (entièrement faute de diplômés locaux en nombre suffisant)"
    elif shown.shortfall > 0:
        external += f" (dont {fmt_int(shown.shortfall)} faute de diplômés locaux en nombre suffisant)"
    if not _missing(inputs.current_projects) and inputs.current_projects > 0:
        external += (
            f", soit {fmt_pct(result.external_vs_projects, 0)} des {fmt_int(inputs.current_projects)} projets de "
            f"recrutement industriels déclarés en {year}"
        )
        if shown.external_difficult is not None:
            external += (
                f" ; au rythme actuel ({fmt_pct(inputs.difficult_share)} de projets jugés difficiles), "
                f"environ {fmt_int(shown.external_difficult)} de ces recrutements seraient difficiles"
            )
    else:
        external += " ; pas de projets de recrutement industriels connus pour ce territoire à titre de comparaison"
    lines.append(external + ".")
    lines.append(
        "Chaque chiffre annuel est arrondi à l'unité de sorte que les voies totalisent exactement le besoin affiché."
    )
    return lines
