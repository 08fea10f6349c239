"""Training alerts mean something: only domains BTS courses train for, only on enough projects, and no
"au moins 0" on the page or in the brief (issue #11)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

from atlas import training
from atlas.formats import SECRET_ONLY
from contract.domain import BTS_TRAINED_DOMAINS, INDUSTRIAL_DOMAINS, MIN_PROJECTS_FOR_TRAINING_ALERT
from tests.app.conftest import open_app
from tests.app.html_tables import page_tables

pytestmark = pytest.mark.xdist_group("app")

MOULINS = "8424"
YEAR = 2025


def domain_table(app) -> dict[str, dict[str, str]]:
    """The page's table of domains (an HTML table drawn by light_table), by domain letter."""
    for header, *rows in page_tables(app):
        if "Alerte" in header:
            records = [dict(zip(header, row, strict=True)) for row in rows]
            return {record["Domaine"].split(" – ")[0]: record for record in records}
    raise AssertionError("no table of domains on the page")


def page_text(app) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [w.value for w in app.warning]
    return html.unescape(" ".join(parts))


@pytest.fixture(scope="module")
def moulins(processed_dir: Path) -> pd.DataFrame:
    """Moulins's industrial domains in the latest survey: projects and difficult share (BMO), places (fit)."""
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    fit = pd.read_parquet(processed_dir / "training_fit.parquet")
    where = lambda t: (t["level"] == "ze") & (t["code"] == MOULINS) & (t["year"] == YEAR)  # noqa: E731
    bmo = agg[where(agg)].set_index("scope")[["projects", "projects_secret", "difficult_share"]]
    places = fit[where(fit)].set_index("scope")["places_per_100_projects"]
    return bmo.join(places).reindex(list(INDUSTRIAL_DOMAINS))


def test_moulins_has_no_alert_on_engineers_nor_on_a_handful_of_projects(moulins: pd.DataFrame) -> None:
    # Under the old rule (hard hiring and few places, whatever the domain or the number of projects) both
    # C (about one project) and H (engineers and managers, which BTS does not train) were alerts.
    hard_and_thin = (moulins["difficult_share"] >= training.HARD_SHARE) & (
        moulins["places_per_100_projects"].fillna(0) < training.THIN_PLACES_PER_100
    )
    assert hard_and_thin["H"] and hard_and_thin["C"]
    assert moulins.loc["C", "projects"] < MIN_PROJECTS_FOR_TRAINING_ALERT
    expected = {
        d
        for d in BTS_TRAINED_DOMAINS
        if hard_and_thin[d] and moulins.loc[d, "projects"] >= MIN_PROJECTS_FOR_TRAINING_ALERT
    }
    assert expected and "H" not in expected and "C" not in expected

    app = open_app("app_pages/training.py", ze=MOULINS)
    warning = " ".join(w.value for w in app.warning)
    alerted = {d for d in INDUSTRIAL_DOMAINS if f"{d} –" in warning}
    assert alerted == expected
    table = domain_table(app)
    assert {d for d, row in table.items() if row["Alerte"] == training.ALERT_TEXT} == expected
    assert table["H"]["Alerte"] == training.NOT_TRAINED_TEXT
    assert table["C"]["Alerte"] == ""
    assert table["C"]["Projets"] == "au moins 1"  # about one project, some cells secret: said, not alerted
    text = page_text(app)
    assert "pas le domaine H" in text and f"{MIN_PROJECTS_FOR_TRAINING_ALERT} projets publiés" in text


def smallest_secret_domain(processed_dir: Path) -> tuple[str, str]:
    """The zone of Auvergne-Rhône-Alpes and industrial domain with the fewest published projects behind
    secret cells in the latest survey: where 'au moins 0' would show first."""
    agg = pd.read_parquet(processed_dir / "bmo_agg.parquet")
    zones = pd.read_parquet(processed_dir / "zones_emploi.parquet", columns=["ze2020", "reg"])
    rows = agg[
        (agg["level"] == "ze")
        & (agg["year"] == YEAR)
        & agg["scope"].isin(INDUSTRIAL_DOMAINS)
        & (agg["projects_secret"] > 0)
        & agg["code"].isin(zones.loc[zones["reg"] == "84", "ze2020"])
    ]
    row = rows.sort_values("projects").iloc[0]
    return str(row["code"]), str(row["scope"])


def test_training_page_never_says_at_least_zero(processed_dir: Path) -> None:
    zone, domain = smallest_secret_domain(processed_dir)
    for code in sorted({MOULINS, zone}):
        app = open_app("app_pages/training.py", ze=code)
        assert "au moins 0" not in page_text(app).replace("\u202f", " ")
        shown = domain_table(app)[domain if code == zone else "C"]["Projets"]
        assert shown.startswith("au moins ") or shown == SECRET_ONLY


def test_brief_of_moulins_has_no_alert_on_engineers_and_never_at_least_zero() -> None:
    from atlas.brief import content

    brief = content.territory_brief("ze", MOULINS, YEAR)
    texts = [p for section in brief.sections for p in section.paragraphs]
    tables = [t for section in brief.sections for t in section.tables]
    for table in tables:
        texts += [table.shown.to_string(), table.source]
    assert not any("au moins 0" in t.replace("\u202f", " ") for t in texts)
    fit = next(t.shown for t in tables if "Alerte" in t.shown.columns).set_index("Domaine")
    alerted = [d.split(" – ")[0] for d in fit.index[fit["Alerte"] == training.ALERT_TEXT]]
    assert alerted and "H" not in alerted and "C" not in alerted


def test_a_zones_training_figures_state_the_located_share_of_apprenticeship_places(processed_dir: Path) -> None:
    table = pd.read_parquet(processed_dir / "territory_indicators.parquet")
    row = table[(table["level"] == "ze") & (table["code"] == "8421") & (table["year"] == 2025)].iloc[0]
    app = open_app("app_pages/training.py", ze="8421")
    from atlas.formats import fmt_pct

    assert any(
        fmt_pct(row["bts_apprenticeship_located_share"], 0) in c.value and "minimum" in c.value for c in app.caption
    )
