"""AppTest helpers: run the real router (dashboard.py) on the real build, then a page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def open_app(page: str | None = None, **query: str) -> AppTest:
    """Open a page with URL parameters, as a browser following a shared link would.

    AppTest only runs a page through the router (dashboard.py) once the router has run, so the
    app is started on its default page, then switched to the page with the link's parameters.
    """
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    app.run()
    if page is not None or query:
        if page is not None:
            app.switch_page(page)
        app.query_params.clear()
        app.query_params.update(query)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture(scope="session")
def agg(processed_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(processed_dir / "bmo_agg.parquet")


def metric(app: AppTest, label_start: str) -> str:
    for element in app.metric:
        if element.label.startswith(label_start):
            return element.value
    raise AssertionError(f"no metric {label_start!r} in {[m.label for m in app.metric]}")


def query(app: AppTest) -> dict[str, str]:
    """The page's URL parameters, one value each."""
    return {k: (v[0] if isinstance(v, list) else v) for k, v in dict(app.query_params).items()}
