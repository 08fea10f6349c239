"""Four routes to fill positions, plus retention: a scenario set against the projection « Les métiers en 2030 ».

Over the ten years 2019-2030 (per year = a tenth), for one territory and one occupation scope:

positions to fill        P = end-of-career departures D + net job creation           (the projection)
retention                R = D x share of departures postponed x min(years, 10) / 10
                             (departures are spread evenly over the ten years, so postponing a share of them by n
                             years moves n/10 of that share past 2030, out of the horizon)
young entrants           Y = P x young share         (projection: young entrants / P)
net migration            M = P x migration share     (projection: net migration / P; negative = net departures)
occupational mobility    I = P x mobility share      (upskilling, retraining, internal promotion; the projection
                             leaves the imbalance P - Y - M to mobility or external hiring without saying how:
                             by default half of it)
external hiring          E = P - R - Y - M - I when positive, else 0 (never negative)
surplus                  S = R + Y + M + I - P when positive: the routes bring more people than there are positions

The defaults reproduce the projection exactly. Shares are first brought within their bounds; when the routes then
add up to more than 100 % of the positions, there is nothing left to hire outside, the excess is a surplus, and the
positions are shared among the routes in proportion to what each brings ("ramenées à 100 %"), with a notice.

Every sentence is written from a Result, with the whole numbers of Result.shown, so text and metrics agree. Each
route is rounded to the unit on its own (so the defaults show the projection's own figures); external hiring or the
surplus is what is left of the rounded figures, so the routes always add up to the positions shown.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from atlas.formats import NNBSP, fmt_dec, fmt_int, fmt_pct

HORIZON_YEARS = 10
MINUS = "\u2212"  # minus sign, in formulas written out

# Bounds of the inputs (shares as fractions). Young entrants may exceed the positions (up to 2.3 times in the
# projection); net migration is small but can be negative (more leave the région than arrive).
BOUNDS = {
    "share_young": (0.0, 3.0),
    "share_migration": (-1.0, 1.0),
    "share_internal": (0.0, 1.0),
    "retention_share": (0.0, 1.0),
    "retention_years": (1.0, 10.0),
}
LABELS = {
    "share_young": "la part des jeunes débutants",
    "share_migration": "la part du solde migratoire",
    "share_internal": "la part de la mobilité professionnelle",
    "retention_share": "la part des départs reportés",
    "retention_years": "la durée du report",
}
DEFAULT_MOBILITY_PART = 0.5  # share of a positive imbalance given to occupational mobility by default
DEFAULT_RETENTION_YEARS = 2.0

# The routes, in the order of every table, chart and export: (field, French label).
ROUTES = (
    ("retained", "Maintien en emploi (départs reportés)"),
    ("young", "Jeunes débutants"),
    ("migration", "Solde migratoire"),
    ("internal", "Mobilité professionnelle"),
    ("external", "Recrutement extérieur"),
    ("surplus", "Excédent (personnes sans poste)"),
)


@dataclass(frozen=True)
class Scenario:
    positions_10y: float | None  # positions to fill over ten years (departures + net creation), the projection's
    departures_10y: float | None  # end-of-career departures over ten years
    share_young: float | None  # of the positions to fill
    share_migration: float | None
    share_internal: float | None
    retention_share: float = 0.0  # share of the departures postponed
    retention_years: float = DEFAULT_RETENTION_YEARS


def projection_scenario(
    positions_10y: float | None,
    departures_10y: float | None,
    young_10y: float | None,
    migration_10y: float | None,
    mobility_part: float = DEFAULT_MOBILITY_PART,
) -> Scenario:
    """The projection as a scenario: each route's share is the territory's own figure; a positive imbalance goes to
    occupational mobility for `mobility_part` of it (default half: the projection does not say), the rest to external
    hiring; no retention."""
    values = (positions_10y, departures_10y, young_10y, migration_10y)
    if any(_missing(v) for v in values) or positions_10y <= 0:
        return Scenario(positions_10y, departures_10y, None, None, None)
    young, migration = young_10y / positions_10y, migration_10y / positions_10y
    imbalance = max(1.0 - young - migration, 0.0)
    return Scenario(positions_10y, departures_10y, young, migration, imbalance * mobility_part)


@dataclass(frozen=True)
class Shown:
    """Whole numbers a reader sees, per year or over ten years:
    retained + young + migration + internal + external - surplus == positions, by construction."""

    positions: int
    departures: int
    creation: int  # = positions - departures (net job creation, negative when jobs are lost)
    retained: int
    young: int
    migration: int  # signed
    internal: int
    external: int  # >= 0
    surplus: int  # >= 0; external and surplus are never both above 0

    def route(self, name: str) -> int:
        return getattr(self, name)


@dataclass(frozen=True)
class Result:
    computable: bool
    reason: str = ""
    warnings: tuple[str, ...] = ()  # written from this Result by notices()
    scenario: Scenario | None = None  # the inputs as used (within their bounds)
    clipped: tuple[tuple[str, float, float], ...] = ()  # (label, entered, used) of inputs out of their bounds
    coverage: float = math.nan  # (R + Y + M + I) / P
    oversubscribed: bool = False  # a surplus is shown: the routes bring more than the positions, no external hiring
    per_year: dict[str, float] = dataclasses.field(default_factory=dict)  # positions, departures and each route
    shown: Shown | None = None  # per year
    shown_10y: Shown | None = None  # over ten years
    filled_permille: tuple[int, ...] = ()  # oversubscribed: share of the positions each bringing route fills (‰)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def largest_remainder(values: Sequence[float], total: int | None = None) -> list[int]:
    """Whole numbers, each the floor or the ceiling of its value, that add up to `total`.

    `total` defaults to the rounded sum (rounded like fmt_int). The units left once every value is floored go to
    the largest fractional parts; on a tie, to the later value.
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


def retained_10y(departures_10y: float, share: float, years: float) -> float:
    """Departures postponed past the horizon: D x share x min(years, 10) / 10 (departures spread evenly)."""
    return departures_10y * share * min(years, HORIZON_YEARS) / HORIZON_YEARS


def simulate(scenario: Scenario) -> Result:
    """Apply the formulas above; missing inputs make the scenario not computable, never zero."""
    if _missing(scenario.positions_10y) or _missing(scenario.departures_10y):
        return Result(
            False,
            "Pas de simulation pour ce territoire : la projection « Les métiers en 2030 » ne le couvre pas "
            "(outre-mer), donc pas d'estimation des postes à pourvoir. Le simulateur n'affiche pas de chiffres "
            "plutôt que des zéros trompeurs.",
        )
    if scenario.positions_10y <= 0:
        return Result(False, "Pas de simulation : la projection n'attend aucun poste à pourvoir ici.")
    unset = [LABELS[name] for name in BOUNDS if _missing(getattr(scenario, name))]
    if unset:
        return Result(False, f"Pas de simulation : hypothèse non renseignée ({', '.join(unset)}).")

    used, clipped = {}, []
    for name, (low, high) in BOUNDS.items():
        entered = float(getattr(scenario, name))
        used[name] = min(max(entered, low), high)
        if used[name] != entered:
            clipped.append((LABELS[name], entered, used[name]))
    inputs = dataclasses.replace(scenario, departures_10y=max(float(scenario.departures_10y), 0.0), **used)

    positions = float(inputs.positions_10y)
    routes_10y = {
        "retained": retained_10y(inputs.departures_10y, inputs.retention_share, inputs.retention_years),
        "young": positions * inputs.share_young,
        "migration": positions * inputs.share_migration,
        "internal": positions * inputs.share_internal,
    }
    left = positions - math.fsum(routes_10y.values())
    tolerance = 1e-9 * positions
    routes_10y["external"] = left if left > tolerance else 0.0
    routes_10y["surplus"] = -left if left < -tolerance else 0.0
    coverage = math.fsum(v for k, v in routes_10y.items() if k in ("retained", "young", "migration", "internal"))
    coverage /= positions

    per_year = {"positions": positions / HORIZON_YEARS, "departures": inputs.departures_10y / HORIZON_YEARS}
    per_year.update({name: value / HORIZON_YEARS for name, value in routes_10y.items()})
    shown = _shown(positions / HORIZON_YEARS, inputs.departures_10y / HORIZON_YEARS, per_year)
    # Judged on the figures a reader sees: a surplus below one person a year, rounded away, is not announced.
    oversubscribed = shown.surplus > 0
    filled: tuple[int, ...] = ()
    if oversubscribed:
        bringing = [max(routes_10y[name], 0.0) for name in ("retained", "young", "migration", "internal")]
        filled = tuple(largest_remainder([1000 * v / math.fsum(bringing) for v in bringing], 1000))
    result = Result(
        True,
        scenario=inputs,
        clipped=tuple(clipped),
        coverage=coverage,
        oversubscribed=oversubscribed,
        per_year=per_year,
        shown=shown,
        shown_10y=_shown(positions, inputs.departures_10y, routes_10y),
        filled_permille=filled,
    )
    return dataclasses.replace(result, warnings=tuple(notices(result)))


def _shown(positions: float, departures: float, routes: dict[str, float]) -> Shown:
    """Each figure rounded on its own; external hiring (or the surplus) is what the rounded routes leave."""
    positions_n, departures_n = round(positions), round(departures)
    retained, young, migration, internal = (round(routes[k]) for k in ("retained", "young", "migration", "internal"))
    left = positions_n - retained - young - migration - internal
    return Shown(
        positions=positions_n,
        departures=departures_n,
        creation=positions_n - departures_n,
        retained=retained,
        young=young,
        migration=migration,
        internal=internal,
        external=max(left, 0),
        surplus=max(-left, 0),
    )


# ---------------------------------------------------------------- the projection's own routes, as shown


@dataclass(frozen=True)
class Routes:
    """A territory's routes per year as the page shows them: each rounded on its own, the imbalance what is left
    (positions - young entrants - net migration), so the four figures add up on screen."""

    positions: int
    departures: int
    creation: int
    young: int
    migration: int
    imbalance: int  # negative: young entrants and arrivals exceed the positions (a surplus)


def routes_shown(positions_10y: float, departures_10y: float, young_10y: float, migration_10y: float) -> Routes:
    shown = simulate(projection_scenario(positions_10y, departures_10y, young_10y, migration_10y)).shown
    return Routes(
        positions=shown.positions,
        departures=shown.departures,
        creation=shown.creation,
        young=shown.young,
        migration=shown.migration,
        imbalance=shown.positions - shown.young - shown.migration,
    )


# ---------------------------------------------------------------- text, always from a Result


def pct(share: float) -> str:
    """'50 %' for a whole percentage, '41,7 %' otherwise."""
    whole = abs(100 * share - round(100 * share)) < 1e-9
    return fmt_pct(share, 0 if whole else 1)


def signed(value: int) -> str:
    """'+4', '-12' (ASCII hyphen-minus like the other signed figures), '0'."""
    return ("+" if value > 0 else "") + fmt_int(value)


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if abs(count) < 2 else plural


def years_number(years: float) -> str:
    """'2' or '2,5'."""
    return fmt_dec(years, 0) if float(years).is_integer() else fmt_dec(years)


def years_text(years: float) -> str:
    return f"{years_number(years)} {'an' if years < 2 else 'ans'}"


def notices(result: Result) -> list[str]:
    """Warnings about the inputs as used: values brought within bounds, routes above 100 % of the positions."""
    if not result.computable or result.shown is None:
        return []
    shown, lines = result.shown, []
    if result.clipped:
        changes = ", ".join(
            f"{label} ({years_text(before) if 'durée' in label else pct(before)} → "
            f"{years_text(after) if 'durée' in label else pct(after)})"
            for label, before, after in result.clipped
        )
        lines.append(f"Valeurs hors des bornes ramenées dans leur intervalle : {changes}.")
    if result.oversubscribed:
        names = ("maintien en emploi", "jeunes débutants", "solde migratoire", "mobilité professionnelle")
        parts = ", ".join(
            f"{name} {pct(permille / 1000)}"
            for name, permille in zip(names, result.filled_permille, strict=True)
            if permille
        )
        lines.append(
            f"Les voies retenues apportent {fmt_int(shown.positions + shown.surplus)} personnes par an (solde "
            f"migratoire compris) pour {fmt_int(shown.positions)} postes à pourvoir, plus de 100{NNBSP}% : aucun "
            f"recrutement extérieur n'est nécessaire, et il reste un excédent de {fmt_int(shown.surplus)} "
            f"{_plural(shown.surplus, 'personne', 'personnes')} par an sans poste dans ces métiers. Ramenées à "
            f"100{NNBSP}%, les voies se partagent les postes ainsi : {parts}."
        )
    return lines


def headline(result: Result) -> str:
    """One sentence on external hiring, with the figures of the metrics."""
    if not result.computable or result.shown is None:
        return result.reason
    shown = result.shown
    parts = [f"{fmt_int(shown.young)} par les jeunes débutants", f"{signed(shown.migration)} par le solde migratoire"]
    if shown.internal:
        parts.append(f"{fmt_int(shown.internal)} par la mobilité professionnelle")
    if shown.retained:
        parts.append(
            f"{fmt_int(shown.retained)} {_plural(shown.retained, 'évité', 'évités')} par le maintien en emploi"
        )
    routes = ", ".join(parts)
    if shown.external == 0:
        text = (
            f"Dans ce scénario, les autres voies couvrent les {fmt_int(shown.positions)} postes à pourvoir par an "
            f"({routes}) : aucun recrutement extérieur n'est nécessaire"
        )
        if shown.surplus:
            text += f", et il reste un excédent de {fmt_int(shown.surplus)} par an"
        return text + "."
    return (
        f"Dans ce scénario, il reste {fmt_int(shown.external)} "
        f"{_plural(shown.external, 'recrutement extérieur', 'recrutements extérieurs')} par an sur "
        f"{fmt_int(shown.positions)} postes à pourvoir ({routes})."
    )


def external_in_headline(text: str) -> int | None:
    """The external hiring figure a headline states (0 for 'aucun recrutement extérieur'), None if it states none."""
    if "aucun recrutement extérieur" in text:
        return 0
    found = re.search(r"il reste ([\d\u202f]+) recrutements? extérieurs?", text)
    return int(found.group(1).replace("\u202f", "")) if found else None


def retention_line(inputs: Scenario, shown: Shown, ten: Shown) -> str:
    if inputs.retention_share == 0:
        return "Maintien en emploi : pas de départ reporté dans ce scénario (**0 par an**)."
    years = years_number(min(inputs.retention_years, HORIZON_YEARS))
    return (
        f"Maintien en emploi = départs {fmt_int(ten.departures)} sur dix ans × {pct(inputs.retention_share)} reportés "
        f"× {years}/10 = {fmt_int(ten.retained)} sur dix ans, soit **{fmt_int(shown.retained)} par an** évités. Les "
        f"départs sont supposés étalés sur les dix ans : reporter une part d'entre eux de "
        f"{years_text(inputs.retention_years)} en fait sortir {years}/10 de l'horizon 2030 (ils partiront plus tard, "
        "le besoin n'est que décalé)."
    )


def explain(result: Result) -> list[str]:
    """The scenario's arithmetic written out with its own (shown) numbers, per year."""
    if not result.computable or result.shown is None or result.scenario is None:
        return []
    inputs, shown, ten = result.scenario, result.shown, result.shown_10y
    positions = fmt_int(shown.positions)
    lines = [
        f"Postes à pourvoir = départs en fin de carrière {fmt_int(shown.departures)} "
        + (
            f"+ créations nettes d'emplois {fmt_int(shown.creation)}"
            if shown.creation >= 0
            else f"{MINUS} suppressions nettes d'emplois {fmt_int(-shown.creation)}"
        )
        + f" = **{positions} par an** ({fmt_int(ten.positions)} sur dix ans).",
        retention_line(inputs, shown, ten),
        f"Jeunes débutants = {pct(inputs.share_young)} × {positions} = **{fmt_int(shown.young)} par an**.",
        f"Solde migratoire = {pct(inputs.share_migration)} × {positions} = **{signed(shown.migration)} par an**"
        + (" (plus de départs vers d'autres régions que d'arrivées)" if shown.migration < 0 else "")
        + ".",
        f"Mobilité professionnelle (montée en compétences, reconversion, promotion interne) = "
        f"{pct(inputs.share_internal)} × {positions} = **{fmt_int(shown.internal)} par an**.",
    ]
    rest = shown.positions - shown.retained - shown.young - shown.migration - shown.internal
    sum_text = (
        f"{positions} {MINUS} {fmt_int(shown.retained)} {MINUS} {fmt_int(shown.young)} "
        f"{MINUS if shown.migration >= 0 else '+'} {fmt_int(abs(shown.migration))} {MINUS} {fmt_int(shown.internal)}"
    )
    if rest > 0:
        lines.append(f"Recrutement extérieur = {sum_text} = **{fmt_int(shown.external)} par an**.")
    elif rest == 0:
        lines.append(f"Recrutement extérieur = {sum_text} = **0 par an** : les autres voies couvrent tous les postes.")
    else:
        lines.append(
            f"Recrutement extérieur = {sum_text} = {MINUS}{fmt_int(-rest)}, donc **0 par an** : les autres voies "
            f"apportent plus que les postes, **excédent de {fmt_int(shown.surplus)} par an**."
        )
    lines.append(
        "Chaque voie est arrondie à l'unité ; le recrutement extérieur (ou l'excédent) est ce qui reste, de sorte que "
        "les voies totalisent exactement les postes affichés."
    )
    return lines
