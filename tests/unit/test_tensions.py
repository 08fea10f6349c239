"""DARES tension rows: levels and codes restored, 1-5 classes kept as small integers, bad classes refused."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.errors import InputError
from etl.steps.tensions import COMPONENTS, tidy_tensions

LABELS = pd.Series({"D1Z41": "Chaudronniers", "D1Z": "Ouvriers qualifiés travaillant par formage de métal"})


def raw(**overrides: list[str]) -> pd.DataFrame:
    data = {
        "fap": ["D1Z41", "D1Z", "D1Z41"],
        "employment": ["12300", "45600", "100"],
        "tension": ["1.25", "0.9", ""],
        "category": ["5.0", "4.0", ""],
        **{name: ["5.0", "3.0", ""] for name in COMPONENTS},
        "year": ["2019"] * 3,
        "geo": ["nat", "reg ", "dep"],
        "fap_level": ["fap 225", "fap 87", "fap 225"],
        "reg": ["", "1.0", ""],
        "dep": ["", "", "2A"],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def test_levels_codes_and_classes() -> None:
    tidy = tidy_tensions(raw(), LABELS).set_index("level")
    assert tidy.loc["fr", "code"] == "FR" and tidy.loc["reg", "code"] == "01" and tidy.loc["dep", "code"] == "2A"
    assert tidy.loc["reg", "fap_level"] == "fap87"
    assert tidy.loc["fr", "category"] == 5 and pd.isna(tidy.loc["dep", "category"])
    assert pd.isna(tidy.loc["dep", "tension"])
    assert bool(tidy.loc["fr", "industrial"]) and tidy.loc["fr", "fap_label"] == "Chaudronniers"


def test_class_outside_one_to_five_is_refused() -> None:
    with pytest.raises(InputError, match=r"column 'Catégorie Tension': class outside 1\.\.5: '7\.0'"):
        tidy_tensions(raw(category=["7.0", "1.0", ""]), LABELS)


def test_unknown_level_is_refused() -> None:
    with pytest.raises(InputError, match=r"column 'niveau_geo': unknown geographic level"):
        tidy_tensions(raw(geo=["nat", "canton", "dep"]), LABELS)


def test_history_text_in_a_number_column_fails_with_its_row() -> None:
    import pandas as pd
    import pytest

    from etl.errors import InputError
    from etl.steps.tensions import tidy_history

    raw = pd.DataFrame({"fap": ["A0Z", "A1Z"], "year": ["2011", "2012"], "tension": ["0.5", "n.d."]})
    with pytest.raises(InputError, match=r"evol_tensions.csv, column 'Tension': row 3") as error:
        tidy_history(raw, pd.Series(dtype=str))
    assert "\n" not in str(error.value)
