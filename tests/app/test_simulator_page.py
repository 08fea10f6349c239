"""The upskilling page's simulator: shares above 100 % are normalised and said so; text and metrics agree."""

from __future__ import annotations

import re

import pytest

from atlas.formats import NNBSP
from atlas.simulator import external_in_headline
from tests.app.conftest import metric, open_app

pytestmark = pytest.mark.xdist_group("app")

STEP = re.compile(
    r"Recrutement externe restant = ([\d\u202f]+) − ([\d\u202f]+) − ([\d\u202f]+) = \*\*([\d\u202f]+) par an"
)


def number(text: str) -> int:
    return int(text.replace(NNBSP, ""))


def headline_of(app) -> str:
    lines = [m.value for m in app.markdown if external_in_headline(m.value) is not None]
    assert len(lines) == 1, [m.value for m in app.markdown]
    return lines[0]


def test_fifty_and_seventy_percent_are_normalised_and_text_equals_metric() -> None:
    app = open_app("app_pages/upskilling.py", level="ze", code="8424", growth="0")
    app.slider(key="url:internal").set_value(50.0).run()
    app.slider(key="url:graduates").set_value(70.0).run()
    assert not app.exception, [e.value for e in app.exception]
    warnings = " ".join(w.value for w in app.warning)
    assert f"Les parts saisies dépassent 100{NNBSP}% (120{NNBSP}%)" in warnings
    assert f"ramenées à 100{NNBSP}% en gardant leurs proportions (internes 41,7{NNBSP}%, diplômés 58,3{NNBSP}%)" in (
        warnings
    )
    external = metric(app, "Recrutement externe restant")
    headline = headline_of(app)
    assert external_in_headline(headline) == number(external)
    if number(external) > 0:
        assert not re.search(r"\b(nul|aucun)\b", headline + warnings), headline
    steps = " ".join(m.value for m in app.markdown if "Recrutement externe restant =" in m.value)
    need, internal, graduates, shown = (number(g) for g in STEP.search(steps).groups())
    assert shown == number(external) and need == number(metric(app, "Besoin par an"))
    assert internal + graduates + shown == need
    assert query(app)["internal"] == "50" and query(app)["graduates"] == "70"


def test_full_coverage_says_no_external_hiring_and_shows_zero() -> None:
    app = open_app("app_pages/upskilling.py", level="ze", code="8405", internal="100", graduates="0")
    assert metric(app, "Recrutement externe restant") == "0"
    assert "aucun recrutement externe" in headline_of(app)
    assert not any("dépassent 100" in w.value for w in app.warning)


def test_overseas_zone_shows_no_figures_but_says_why() -> None:
    app = open_app("app_pages/upskilling.py", level="ze", code="0101", internal="50", graduates="70")
    assert any("recensement" in w.value and "zéros" in w.value for w in app.warning)
    assert not app.metric
    assert not any("Recrutement externe restant =" in m.value for m in app.markdown)


def query(app) -> dict[str, str]:
    return {k: (v[0] if isinstance(v, list) else v) for k, v in dict(app.query_params).items()}
