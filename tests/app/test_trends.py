"""Ten survey years on the pages, and fragile figures never shown without their caution (issue 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.app.conftest import open_app

OYONNAX = "8425"  # 2025: projects fall from about 655 to 185, much of it secret


def query(app) -> dict[str, str]:
    return {
        k: app.query_params[k][0] if isinstance(app.query_params[k], list) else app.query_params[k]
        for k in app.query_params
    }


def test_territory_shows_ten_years_and_names_its_fragile_years(agg: pd.DataFrame) -> None:
    app = open_app("app_pages/territory.py", level="ze", code=OYONNAX, reg="84", year="2025")
    assert any("2016-2025" in h.value for h in app.subheader)
    charts = [m.value for m in app.markdown if 'class="atlas-chart"' in m.value]
    assert len(charts) >= 3
    warning = next(w.value for w in app.warning if "interpréter avec prudence" in w.value)
    fragile = agg[(agg["level"] == "ze") & (agg["code"] == OYONNAX) & (agg["scope"] == "industrial") & agg["flagged"]]
    for year in fragile["year"]:
        assert str(int(year)) in warning
    # The 2024-2025 change of industrial projects rests on a fragile 2025: its metric says so.
    help_texts = [m.help or "" for m in app.metric if "industrie" in m.label]
    assert any("À interpréter avec prudence" in text for text in help_texts)


def test_trend_scope_follows_the_url() -> None:
    app = open_app("app_pages/territory.py", level="ze", code=OYONNAX, trend="D")
    assert query(app)["trend"] == "D"
    assert any("domaine D" in m.value for m in app.markdown if 'class="atlas-chart"' in m.value)


def test_hardest_zones_leave_fragile_figures_out_unless_asked(agg: pd.DataFrame) -> None:
    app = open_app(None, reg="84", year="2025")
    default = [link.label for link in app.get("page_link") if link.label[:2].strip(".").isdigit()]
    assert default and not any("⚠" in label for label in default)
    assert any("fragiles=oui" in m.value for m in app.markdown)
    app = open_app(None, reg="84", year="2025", fragiles="oui")
    included = [link.label for link in app.get("page_link") if link.label[:2].strip(".").isdigit()]
    zones = agg[(agg["year"] == 2025) & (agg["level"] == "ze") & (agg["scope"] == "industrial")]
    if zones[zones["projects"] >= 100].nlargest(5, "difficult_share")["flagged"].any():
        assert any("⚠" in label for label in included)


def test_change_map_between_two_years_marks_fragile_zones() -> None:
    app = open_app("app_pages/map.py", reg="84", year="2025", indicator="bmo_difficult_share", since="2016")
    assert query(app)["since"] == "2016"
    assert any("évolution 2016-2025" in h.value for h in app.subheader)
    svg = next(m.value for m in app.markdown if "<svg" in m.value)
    assert "Évolution 2016-2025" in svg and "pt" in svg
    assert 'class="fragile"' in svg and "à interpréter avec prudence" in svg


@pytest.mark.parametrize("code", [OYONNAX])
def test_brief_never_states_a_fragile_change_without_caution(code: str) -> None:
    from atlas.brief.content import territory_brief

    brief = territory_brief("ze", code, 2025)
    text = " ".join(p for section in brief.sections for p in section.paragraphs)
    assert "évoluent de" in text
    sentence = next(s for s in text.split(". ") if "évoluent de" in s)
    assert "à interpréter avec prudence" in sentence
    assert "Projets industriels : de" in text and "en 2016 à" in text
