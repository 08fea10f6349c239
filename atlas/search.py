"""Find a territory by name or code: a zone d'emploi, a département, a région or any commune.

Names are compared without accents, case, hyphens, apostrophes or spaces, so 'saint-étienne', 'Saint Etienne'
and 'SAINT ETIENNE' all find INSEE's zone 'Saint Etienne' and the commune 'Saint-Étienne'; a code finds a
zone (4 digits), a département (2 or 3 characters), a région (2 digits) or a commune (5 characters, INSEE code).
A commune opens the profile of its zone d'emploi, which then says which commune was found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from atlas import data, state, territories
from atlas.caching import shared

MAX_RESULTS = 6  # results shown in the sidebar; more are counted and the user refines
MIN_NAME_LENGTH = 2
KIND_LABELS = {"reg": "région", "dep": "département", "ze": "zone d'emploi", "commune": "commune"}
KIND_ORDER = {"reg": 0, "dep": 1, "ze": 2, "commune": 3}
# How a name matches, best first.
CODE, EXACT, PREFIX, WORD = 0, 1, 2, 3
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """'Saint-Étienne' -> 'saint etienne'; "L'Isle-d'Abeau" -> 'l isle d abeau'; 'St Flour' -> 'saint flour'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    words = _SEPARATORS.sub(" ", plain).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


def of(name: str) -> str:
    """French 'de' before a place name: "d'Oyonnax", 'du Livradois', 'des Sables', 'de Lyon'."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    first = normalize(name[:1])
    return f"d'{name}" if first and first in "aeiouy" else f"de {name}"


def compact(text: str) -> str:
    """The normalized name without spaces: 'saintetienne' (so 'Saint Etienne' equals 'Saint-Étienne')."""
    return normalize(text).replace(" ", "")


@dataclass(frozen=True)
class Match:
    """One thing found: its kind and code, and the territory it opens (level, code)."""

    kind: str  # reg, dep, ze, commune
    code: str
    name: str
    level: str
    target: str
    how: int  # CODE, EXACT, PREFIX or WORD

    @property
    def commune(self) -> str | None:
        return self.code if self.kind == "commune" else None

    def label(self) -> str:
        """'Villeurbanne (69266) · commune, zone d'emploi de Lyon', 'Loire (42) · département'."""
        text = f"{self.name} ({self.code}) · {KIND_LABELS[self.kind]}"
        if self.kind == "commune":
            text += f", zone d'emploi {of(territories.name('ze', self.target))}"
        return text

    def query_params(self, region: str, year: int) -> dict[str, str]:
        """The profile link: the territory, the survey year, and the région of reference (kept when it is France or
        when the territory touches it, else the territory's own région so the page compares it with its région)."""
        row = territories.listing(self.level).loc[self.target]
        keep = region == territories.FRANCE or region in list(row["regs"])
        params = {"level": self.level, "code": self.target, "reg": region if keep else str(row["reg"])}
        params["year"] = str(year)
        if self.commune:
            params["commune"] = self.commune
        return params


@st.cache_resource(show_spinner=False)
def index() -> pd.DataFrame:
    """Every searchable name: kind, code, name, the territory it opens, population, normalized keys."""
    frames = []
    for level in ("reg", "dep", "ze"):
        listing = territories.listing(level)
        frames.append(
            pd.DataFrame(
                {
                    "kind": level,
                    "code": listing.index,
                    "name": listing["name"].astype(str),
                    "level": level,
                    "target": listing.index,
                    "population": listing["population"].astype("float64"),
                }
            )
        )
    communes = data.table("communes")
    frames.append(
        pd.DataFrame(
            {
                "kind": "commune",
                "code": communes["commune"],
                "name": communes["name"].astype(str),
                "level": "ze",
                "target": communes["ze2020"],
                "population": communes["population"].astype("float64"),
            }
        )
    )
    out = pd.concat(frames, ignore_index=True)
    out = out[out["target"].isin(territories.listing("ze").index) | (out["kind"] != "commune")]
    out["words"] = " " + out["name"].map(normalize) + " "
    out["compact"] = out["words"].str.replace(" ", "", regex=False)
    out["order"] = out["kind"].map(KIND_ORDER)
    return out.reset_index(drop=True)


def find(query: str, limit: int = MAX_RESULTS) -> tuple[list[Match], int]:
    """The best matches first (code, then whole name, then start of the name, then start of a word; régions,
    départements and zones before communes; bigger places first), and how many matched in all."""
    table = index()
    text = query.strip()
    if not text:
        return [], 0
    code = text.upper()
    how = pd.Series(pd.NA, index=table.index, dtype="Int8")
    how[table["code"].str.upper() == code] = CODE
    key, words = compact(text), normalize(text)
    if len(key) >= MIN_NAME_LENGTH:
        name = how.isna()
        how[name & table["compact"].str.startswith(key, na=False)] = PREFIX
        how[name & (table["compact"] == key)] = EXACT
        how[how.isna() & table["words"].str.contains(f" {words}", regex=False, na=False)] = WORD
    found = table.assign(how=how).dropna(subset=["how"])
    found = found.sort_values(["how", "order", "population", "name"], ascending=[True, True, False, True])
    matches = [
        Match(r.kind, str(r.code), str(r.name), str(r.level), str(r.target), int(r.how))
        for r in found.head(limit).itertuples()
    ]
    return matches, len(found)


def no_match(query: str) -> str:
    return f"Aucun territoire ne correspond à « {state.plain(query.strip())} »."


@shared(maxsize=4096, copy=False)
def commune_sentence(commune: str, level: str, code: str) -> str | None:
    """'Villeurbanne (69266) fait partie de la zone d'emploi de Lyon.' when the commune lies in the territory shown."""
    communes = data.table("communes")
    rows = communes[communes["commune"] == commune]
    if rows.empty:
        return None
    row = rows.iloc[0]
    column = {"ze": "ze2020", "dep": "dep", "reg": "reg"}.get(level)
    if column is None or str(row[column]) != code:
        return None
    where = {"ze": "de la zone d'emploi", "dep": "du département", "reg": "de la région"}[level]
    return f"{row['name']} ({commune}) fait partie {where} {of(territories.name(level, code))}."


@st.cache_resource(show_spinner=False)
def commune_codes() -> frozenset[str]:
    return frozenset(data.table("communes")["commune"])


SEARCH_KEY = "search"
PROFILE_SCRIPT = "app_pages/territory.py"
RESULTS_KEY = "atlas-search-results"
# Page links draw their label on one line, cut at the sidebar's edge: let the results wrap instead.
RESULTS_STYLE = (
    f"<style>.st-key-{RESULTS_KEY} [data-testid='stPageLink'] span, .st-key-{RESULTS_KEY} [data-testid='stPageLink'] "
    f"div, .st-key-{RESULTS_KEY} [data-testid='stPageLink'] p {{white-space: normal; overflow: visible; "
    "text-overflow: clip}</style>"
)


@st.fragment
def search_box(region: str, year: int) -> None:
    """The sidebar search: a text box, then up to MAX_RESULTS results, each a link to the profile it opens. A fragment:
    typing reruns only the search, not the page."""
    text = st.text_input(
        "Rechercher un territoire",
        key=SEARCH_KEY,
        type="search",
        live="300ms",
        placeholder="Commune, zone, code INSEE…",
        help="Une commune, une zone d'emploi, un département ou une région, par son nom (accents, tirets et "
        "majuscules indifférents) ou son code INSEE. Une commune ouvre le profil de sa zone d'emploi.",
    )
    if not text or not text.strip():
        return
    matches, total = find(text)
    if not matches:
        st.caption(no_match(text))
        return
    st.html(RESULTS_STYLE)
    with st.container(key=RESULTS_KEY, gap="small"):
        for match in matches:
            st.page_link(
                PROFILE_SCRIPT,
                label=match.label(),
                icon=":material/location_on:",
                query_params=match.query_params(region, year),
                width="stretch",
            )
    if total > len(matches):
        st.caption(f"{total - len(matches)} autres résultats : précisez la recherche.")
