"""The indicator catalogue, as the build wrote it into metadata.json."""

from __future__ import annotations

import streamlit as st

from atlas import data
from etl.indicators import Indicator

DIRECTION_LABELS = {
    "higher_is_worse": "plus la valeur est élevée, plus la situation est tendue",
    "higher_is_better": "plus la valeur est élevée, mieux c'est",
    "neutral": "ni bon ni mauvais en soi",
}


@st.cache_resource(show_spinner=False)
def indicators() -> dict[str, Indicator]:
    """The catalogue as the build wrote it, in the build's own Indicator records."""
    return {
        r["id"]: Indicator(**{**r, "sources": tuple(r["sources"]), "levels": tuple(r["levels"])})
        for r in data.metadata()["indicators"]
    }


def get(indicator_id: str) -> Indicator:
    return indicators()[indicator_id]


def map_indicators() -> list[str]:
    """Indicators that can be mapped by zone d'emploi."""
    return [i.id for i in indicators().values() if "ze" in i.levels]


@st.cache_resource(show_spinner=False)
def sources() -> dict[str, dict]:
    return {s["id"]: s for s in data.metadata()["sources"]}


def source_line(indicator: Indicator) -> str:
    """'Source : France Travail, enquête BMO 2023-2025 ; Licence Ouverte 2.0.'"""
    known = sources()
    producers: list[str] = []
    licences: list[str] = []
    for source_id in indicator.sources:
        source = known.get(source_id)
        if source is None:
            continue
        if source["citation"] not in producers:
            producers.append(source["citation"])
        if source["licence_short"] not in licences:
            licences.append(source["licence_short"])
    return f"Source : {' ; '.join(producers)} ({indicator.vintage}). Licence : {' ; '.join(licences)}."
