"""Occupation scopes: all occupations, industrial ones, one FAP domain or one occupation."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import data
from atlas.caching import shared


@dataclass(frozen=True)
class Scope:
    kind: str  # all, industrial, domain, occupation
    code: str = ""

    @property
    def param(self) -> str:
        """Value in the URL: all, industrial, a domain letter, or an occupation code."""
        return self.code if self.kind in ("domain", "occupation") else self.kind

    @property
    def agg_scope(self) -> str | None:
        """The scope value of bmo_agg, or None for a single occupation (computed on the fly)."""
        return {"all": "all", "industrial": "industrial", "domain": self.code}.get(self.kind)


def parse(value: str | None) -> Scope:
    """Scope from its URL value; ValueError when it is not one."""
    if value in (None, "", "all"):
        return Scope("all")
    if value == "industrial":
        return Scope("industrial")
    if len(value) == 1 and value.isalpha() and value.isupper():
        return Scope("domain", value)
    if len(value) == 5 and value[0].isalpha():
        return Scope("occupation", value)
    raise ValueError(value)


@shared(copy=False)  # shared by all sessions: treat as read-only
def domains() -> pd.DataFrame:
    """FAP domains with the label of the most recent nomenclature."""
    table = data.table("fap_domains").sort_values("nomenclature")
    return table.drop_duplicates("domain", keep="last").set_index("domain")


@shared(copy=False)  # shared by all sessions: treat as read-only
def occupations_of_year(year: int) -> pd.DataFrame:
    table = data.table("occupations")
    present = table[table["years"].map(lambda years: year in list(years))]
    return present.set_index("occupation").sort_index()


# A dictionary lookup once known (selectboxes format hundreds of scopes at each rerun); bounded, as links
# may name any code.
@shared(copy=False, maxsize=8192)
def label(scope: Scope, year: int | None = None) -> str:
    if scope.kind == "all":
        return "Tous métiers"
    if scope.kind == "industrial":
        return "Métiers industriels (domaines C à H)"
    if scope.kind == "domain":
        table = domains()
        name = table.at[scope.code, "domain_name"] if scope.code in table.index else ""
        return f"Domaine {scope.code} – {name}" if name else f"Domaine {scope.code}"
    name = ""
    if year is not None:
        table = occupations_of_year(year)
        if scope.code in table.index:
            name = str(table.at[scope.code, "occupation_name"])
    return f"{scope.code} – {name}" if name else scope.code


@shared(copy=False, maxsize=8192)
def exists(scope: Scope, year: int) -> bool:
    if scope.kind == "domain":
        return scope.code in domains().index
    if scope.kind == "occupation":
        return scope.code in occupations_of_year(year).index
    return True


@shared
def options(year: int) -> list[Scope]:
    """Every scope selectable for a survey year, in a sensible reading order."""
    choices = [Scope("all"), Scope("industrial")]
    choices += [Scope("domain", d) for d in domains().index]
    choices += [Scope("occupation", code) for code in occupations_of_year(year).index]
    return choices


@shared(copy=False)  # read-only
def labels(year: int) -> dict[str, str]:
    """The label of every scope selectable for a survey year, by its URL value: a selectbox of several hundred
    occupations formats them all at each rerun."""
    return {scope.param: label(scope, year) for scope in options(year)}


def warm() -> None:
    """Domains, and the occupations and scope labels of the latest survey year (atlas.data.warm)."""
    domains()
    years = sorted(int(y) for y in data.table("bmo_agg")["year"].unique())
    labels(years[-1])
