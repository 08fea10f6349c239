"""The static SVG charts: well-formed, one mark per value, French formats, fragile figures, nothing cut, fast."""

from __future__ import annotations

import itertools
import math
import re
import statistics
import time
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from atlas import svgcharts, svgmap, svgtext
from atlas.charts import PALETTE

NS = "{http://www.w3.org/2000/svg}"
NNBSP = "\u202f"
WEIRD = 'A & B <c> "d"'


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def find(root: ET.Element, tag: str, css: str | None = None) -> list[ET.Element]:
    out = root.iter(f"{NS}{tag}")
    return [e for e in out if css is None or css in (e.get("class") or "").split()]


def tip(element: ET.Element) -> str:
    title = element.find(f"{NS}title")
    assert title is not None, ET.tostring(element)
    return title.text or ""


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in find(root, "text")]


def trend_frame(values: list[float], start: int = 2016, **columns: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame({"year": range(start, start + len(values)), "share": values})
    for name, column in columns.items():
        frame[name] = column
    return frame


def with_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(share_low=frame["share"] - 0.05, share_high=frame["share"] + 0.05)


def projects_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2022, 2023, 2024],
            "projects": [12345.4, 800.0, 1234.0],
            "difficult": [6000.0, 400.0, 488.7],
            "flagged": [False, None, True],
            "caveat": [np.nan, np.nan, "peu de projets & secret"],
        }
    )


def sample_charts() -> dict[str, str]:
    """One chart of each kind, some narrow, with long and awkward names."""
    long_name = "Zone d'emploi au nom particulièrement long pour éprouver le retour à la ligne"
    series = {
        WEIRD: with_bounds(trend_frame([0.5, 0.568, np.nan, 0.6, 0.62, 0.7], flagged=[0, 1, 0, 0, 0, 0])),
        long_name: trend_frame([0.4, 0.42, 0.45, 0.5, 0.52, 0.55]),
    }
    groups = pd.DataFrame(
        {
            "name": ["Saint-Julien-en-Genevois", "Clermont-Ferrand", WEIRD, "Villefranche-sur-Saône", "Roanne"],
            "a": [0.05, -0.12, 0.3, np.nan, 0.01],
            "b": [0.1, 0.02, -0.05, 0.2, 0.0],
        }
    )
    return {
        "trend": svgcharts.trend_lines(
            series, "share", "pct", title="Part des projets jugés difficiles", band=True, nomenclature_break=2019
        ),
        "trend-narrow": svgcharts.trend_lines(
            series, "share", "pct", title=long_name, nomenclature_break=2017, width=320, height=280
        ),
        "projects": svgcharts.projects_bars(projects_frame(), title="Projets", nomenclature_break=2024),
        "projects-narrow": svgcharts.projects_bars(
            projects_frame().assign(projects=[312345.0, 298765.0, 301234.0]), width=300
        ),
        "composition": svgcharts.composition_bar(
            {
                WEIRD: {"urban_pop_share": 0.0, "intermediate_pop_share": 0.64, "rural_pop_share": 0.36},
                long_name: {"urban_pop_share": 0.3, "intermediate_pop_share": 0.35, "rural_pop_share": 0.35},
            },
            title="Où vit la population",
            width=400,
        ),
        "grouped": svgcharts.grouped_bars(groups, "name", {"a": "Tous métiers", "b": "Industrie"}, "change"),
        "grouped-narrow": svgcharts.grouped_bars(groups, "name", {"a": "Tous métiers"}, "pct", width=300),
        "ranking": svgcharts.ranking_bars(
            [long_name, WEIRD, "C"], [1500.0, -200.0, 30.0], "int", title="Projets", partial=[True, False, False]
        ),
        "ranking-narrow": svgcharts.ranking_bars([long_name, "B"], [0.75, 0.5], "pct", width=280, highlight=1),
    }


@pytest.fixture(scope="module")
def charts() -> dict[str, str]:
    return sample_charts()


# ---------------------------------------------------------------- every chart


def test_charts_are_well_formed_svg_with_a_title_and_a_summary(charts: dict[str, str]) -> None:
    for name, svg in charts.items():
        root = parse(svg)
        assert root.tag == f"{NS}svg", name
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox")), name
        assert root.get("width") == "100%" and root.get("role") == "img" and root.get("aria-label"), name
        assert root.get("style") == f"max-width:{root.get('viewBox').split()[2]}px", name
        assert root.find(f"{NS}title").text == root.get("aria-label"), name
        assert len(root.find(f"{NS}desc").text) > 20, name
        assert "Aucune donnée" not in svg, name


def test_every_mark_has_a_tooltip(charts: dict[str, str]) -> None:
    for name, svg in charts.items():
        root = parse(svg)
        marks = find(root, "circle", "point") + find(root, "rect", "bar") + find(root, "path", "line")
        assert marks, name
        for mark in marks:
            assert tip(mark).strip(), name


def text_extent(element: ET.Element) -> tuple[float, float]:
    """Horizontal extent of a <text>, from its font size, anchor and rotation."""
    size = float(element.get("font-size"))
    width = svgtext.text_width(element.text or "", size, bold=element.get("font-weight") == "bold")
    start, end = {"start": (0, width), "middle": (-width / 2, width / 2), "end": (-width, 0)}[
        element.get("text-anchor", "start")
    ]
    turned = re.match(r"rotate\((-?[\d.]+)", element.get("transform") or "")
    cosine = abs(math.cos(math.radians(float(turned.group(1))))) if turned else 1.0
    x = float(element.get("x"))
    if turned and cosine < 0.01:  # upright text: its height across
        return x - size, x + size / 2
    return x + start * cosine, x + end * cosine


def test_every_text_lies_inside_the_view_box(charts: dict[str, str]) -> None:
    for name, svg in charts.items():
        root = parse(svg)
        width = float(root.get("viewBox").split()[2])
        for element in find(root, "text"):
            low, high = text_extent(element)
            assert low >= -0.5 and high <= width + 0.5, (name, element.text, low, high, width)


def test_the_legend_stays_above_the_plot(charts: dict[str, str]) -> None:
    for name, svg in charts.items():
        root = parse(svg)
        legend = root.find(f".//{NS}g[@class='legend']")
        if legend is None:
            continue
        bottom = max(float(t.get("y")) for t in legend.iter(f"{NS}text"))
        marks = find(root, "circle", "point") + find(root, "rect", "bar")
        tops = [float(m.get("cy") or m.get("y")) - float(m.get("r") or 0) for m in marks]
        keys = set(legend.iter()) | {e for defs in root.iter(f"{NS}defs") for e in defs.iter()}
        grid = [min(float(e.get("y1")), float(e.get("y2"))) for e in find(root, "line") if e not in keys]
        assert bottom + 3 < min(tops + grid), name


def test_output_is_deterministic() -> None:
    assert sample_charts() == sample_charts()


def test_standalone_file_and_png_work_unchanged(charts: dict[str, str]) -> None:
    document = svgmap.standalone(charts["trend"])
    assert document.startswith("<?xml") and 'width="640"' in document and "max-width" not in document
    parse(document.split("\n", 1)[1])
    if not svgmap.png_available():
        pytest.skip("cairo absent")
    assert svgmap.png_bytes(charts["projects"])[:8] == b"\x89PNG\r\n\x1a\n"


def test_names_are_escaped(charts: dict[str, str]) -> None:
    for name in ("trend", "composition", "grouped", "ranking"):
        svg = charts[name]
        assert "A &amp; B &lt;c&gt;" in svg and "<c>" not in svg, name
        root = parse(svg)
        shown = texts(root) + [tip(e) for e in root.iter() if e.find(f"{NS}title") is not None]
        assert any(WEIRD in t for t in shown), name


def test_empty_inputs_say_so() -> None:
    empties = [
        svgcharts.trend_lines({}, "share", "pct", title="Tendance"),
        svgcharts.trend_lines({"A": trend_frame([np.nan, np.nan])}, "share", "pct"),
        svgcharts.trend_lines({"A": pd.DataFrame(columns=["year", "share"])}, "share", "pct"),
        svgcharts.projects_bars(pd.DataFrame(columns=["year", "projects", "difficult"])),
        svgcharts.projects_bars(pd.DataFrame({"year": [2024], "projects": [np.nan], "difficult": [None]})),
        svgcharts.composition_bar({}),
        svgcharts.composition_bar({"A": {"urban_pop_share": np.nan}}),
        svgcharts.grouped_bars(pd.DataFrame({"name": [], "a": []}), "name", {"a": "A"}, "pct"),
        svgcharts.grouped_bars(pd.DataFrame({"name": ["x"], "a": [np.nan]}), "name", {"a": "A"}, "pct"),
        svgcharts.ranking_bars([], [], "int"),
        svgcharts.ranking_bars(["x"], [None], "int"),
    ]
    for svg in empties:
        root = parse(svg)
        assert "Aucune donnée" in texts(root)
        assert not find(root, "rect", "bar") and not find(root, "circle", "point")
    assert parse(empties[0]).get("aria-label") == "Tendance"


# ---------------------------------------------------------------- trend_lines


def test_trend_lines_draw_one_marker_per_known_value_in_french() -> None:
    series = {
        "Zone": trend_frame([0.568, 0.6, 0.61]),
        "Région": trend_frame([0.5, 0.51, np.nan]),
        "France": trend_frame([0.45, 0.46, 0.47]),
    }
    root = parse(svgcharts.trend_lines(series, "share", "pct"))
    points = find(root, "circle", "point")
    assert len(points) == 8
    assert tip(points[0]) == f"Zone 2016 : 56,8{NNBSP}%"
    colours = [p.get("fill") for p in points]
    assert colours[:3] == [PALETTE[0]] * 3 and colours[3:5] == [PALETTE[1]] * 2 and colours[5:] == [PALETTE[2]] * 3
    widths = [float(p.get("stroke-width")) for p in find(root, "path", "line")]
    assert widths[0] == 3 and widths[1:] == [2, 2]
    assert f"80{NNBSP}%" in texts(root)  # the axis in percent
    assert not find(root, "polygon", "band") and not find(root, "line", "nomenclature")


def test_trend_lines_y_axis_starts_at_zero_with_round_ticks() -> None:
    root = parse(svgcharts.trend_lines({"Zone": trend_frame([1200.0, 1500.0, 1345.0])}, "share", "int"))
    labels = texts(root)
    assert "0" in labels and f"1{NNBSP}500" in labels
    assert not any("," in label for label in labels if label[0].isdigit() and len(label) < 8)


def test_a_missing_value_breaks_the_line() -> None:
    series = {"Zone": trend_frame([0.5, 0.55, np.nan, 0.6, 0.62, 0.7])}
    root = parse(svgcharts.trend_lines(series, "share", "pct"))
    assert len(find(root, "circle", "point")) == 5
    paths = find(root, "path", "line")
    assert len(paths) == 2
    gap = next(float(t.get("x")) for t in find(root, "text") if t.text == "2018")
    for path in paths:
        xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", path.get("d"))]
        assert all(x < gap - 1 for x in xs) or all(x > gap + 1 for x in xs)


def test_a_missing_year_breaks_the_line_too() -> None:
    series = {"Zone": trend_frame([0.5, 0.6, 0.7]), "Trou": trend_frame([0.4, 0.5, 0.6]).drop(index=1)}
    root = parse(svgcharts.trend_lines(series, "share", "pct"))
    assert len(find(root, "path", "line")) == 1  # the second territory has no two consecutive years


def test_fragile_years_are_open_grey_markers_with_their_reason() -> None:
    frame = trend_frame(
        [0.5, 0.6, 0.7], flagged=[False, True, None], caveat=[np.nan, "peu de projets & secret", np.nan]
    )
    root = parse(svgcharts.trend_lines({"Zone": frame}, "share", "pct", title="T"))
    fragile = find(root, "circle", "fragile")
    assert len(fragile) == 1 and len(find(root, "circle", "point")) == 3
    marker = fragile[0]
    assert marker.get("fill") == "white" and marker.get("stroke") == "#777"
    assert float(marker.get("r")) > max(float(p.get("r")) for p in find(root, "circle", "point") if p is not marker)
    assert tip(marker) == f"Zone 2017 : 60,0{NNBSP}%\n⚠ à interpréter avec prudence : peu de projets & secret"
    assert "chiffre fragile (raison au survol)" in texts(root)


def test_the_band_needs_band_and_the_bounds() -> None:
    bounded = {"Zone": with_bounds(trend_frame([0.5, 0.6, 0.7])), "Région": with_bounds(trend_frame([0.4] * 3))}
    root = parse(svgcharts.trend_lines(bounded, "share", "pct", band=True))
    bands = find(root, "polygon", "band")
    assert len(bands) == 1 and "bornes selon le secret" in texts(root)
    assert bands[0].get("fill") == "#0072B2" and bands[0].get("fill-opacity") == "0.15"
    assert len(bands[0].get("points").split()) == 6
    assert not find(parse(svgcharts.trend_lines(bounded, "share", "pct")), "polygon", "band")
    plain = {"Zone": trend_frame([0.5, 0.6, 0.7])}
    root = parse(svgcharts.trend_lines(plain, "share", "pct", band=True))
    assert not find(root, "polygon", "band") and "bornes selon le secret" not in texts(root)


@pytest.mark.parametrize(("cut", "shown"), [(2019, True), (2021, True), (2018, False), (2022, False), (None, False)])
def test_the_nomenclature_line_only_inside_the_years(cut: int | None, shown: bool) -> None:
    series = {"Zone": trend_frame([0.5, 0.6, 0.7, 0.65], start=2018)}
    root = parse(svgcharts.trend_lines(series, "share", "pct", nomenclature_break=cut))
    lines = find(root, "line", "nomenclature")
    assert len(lines) == int(shown)
    assert ("nomenclature FAP 2009 → FAP 2021" in texts(root)) is shown
    if shown:
        before = next(float(t.get("x")) for t in find(root, "text") if t.text == str(cut - 1))
        after = next(float(t.get("x")) for t in find(root, "text") if t.text == str(cut))
        assert before < float(lines[0].get("x1")) < after
    bars = parse(svgcharts.projects_bars(projects_frame().assign(year=[2018, 2019, 2020]), nomenclature_break=cut))
    assert len(find(bars, "line", "nomenclature")) == int(cut in (2019, 2020))


def test_trend_lines_use_year_ticks() -> None:
    series = {"Zone": trend_frame([0.5] * 10)}
    labels = texts(parse(svgcharts.trend_lines(series, "share", "pct")))
    assert [y for y in map(str, range(2016, 2026)) if y in labels] == ["2017", "2019", "2021", "2023", "2025"]


def test_trend_lines_are_fast() -> None:
    rng = np.random.default_rng(0)
    series = {
        name: with_bounds(
            trend_frame(list(rng.uniform(0.3, 0.8, 10)), flagged=[i == 3 for i in range(10)], caveat=["rare"] * 10)
        )
        for name in ("Oyonnax", "Auvergne-Rhône-Alpes", "France")
    }
    times = []
    for _ in range(20):
        start = time.perf_counter()
        svgcharts.trend_lines(series, "share", "pct", title="Part", band=True, nomenclature_break=2024)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.010


# ---------------------------------------------------------------- projects_bars


def test_projects_bars_print_french_counts_and_hatch_fragile_years() -> None:
    svg = svgcharts.projects_bars(projects_frame(), title="Projets")
    root = parse(svg)
    bars = find(root, "rect", "bar")
    assert len(bars) == 6
    assert [b.get("fill") for b in bars[:2]] == [PALETTE[4], PALETTE[5]]
    tips = [tip(b) for b in bars]
    assert tips[0] == f"2022 : 12{NNBSP}345 projets"
    assert tips[4] == f"2024 : 1{NNBSP}234 projets\n⚠ à interpréter avec prudence : peu de projets & secret"
    assert tips[5].startswith("2024 : 489 projets difficiles\n⚠")
    assert f"12{NNBSP}345" in texts(root) and "489" in texts(root)
    assert len(find(root, "rect", "fragile")) == 2
    hatches = find(root, "rect", "hatch")
    assert len(hatches) == 2
    pattern = root.find(f".//{NS}pattern")
    assert pattern is not None and hatches[0].get("fill") == f"url(#{pattern.get('id')})"
    assert "année fragile (raison au survol)" in texts(root)
    plain = parse(svgcharts.projects_bars(projects_frame().assign(flagged=False)))
    assert not find(plain, "rect", "hatch") and plain.find(f".//{NS}pattern") is None


def test_projects_bars_turn_wide_values_rather_than_overlap() -> None:
    frame = pd.DataFrame(
        {"year": range(2016, 2026), "projects": [300_000.0 + i for i in range(10)], "difficult": [150_000.0] * 10}
    )
    root = parse(svgcharts.projects_bars(frame))
    values = [t for t in find(root, "text") if t.get("text-anchor") != "end" and t.text.startswith(("300", "150"))]
    assert len(values) == 20 and all("rotate(-90" in (t.get("transform") or "") for t in values)


# ---------------------------------------------------------------- composition_bar


def test_composition_bar_stacks_three_parts_per_territory() -> None:
    rows = {
        "Zone": {"urban_pop_share": 0.0, "intermediate_pop_share": 0.636, "rural_pop_share": 0.364},
        "France": {"urban_pop_share": 0.38, "intermediate_pop_share": 0.294, "rural_pop_share": 0.326},
    }
    root = parse(svgcharts.composition_bar(rows, title="Où vit la population"))
    bars = find(root, "rect", "bar")
    assert len(bars) == 6
    assert [b.get("fill") for b in bars[:3]] == ["#0072B2", "#E69F00", "#009E73"]
    assert tip(bars[0]) == f"Zone – Urbain dense (1) : 0,0{NNBSP}%"
    assert tip(bars[1]) == f"Zone – Intermédiaire (2-4) : 63,6{NNBSP}%"
    shown = texts(root)
    assert f"64{NNBSP}%" in shown and f"38{NNBSP}%" in shown
    assert f"0{NNBSP}%" in shown  # the axis, not the empty part
    inside = [t for t in find(root, "text") if t.text == f"0{NNBSP}%" and t.get("fill") != svgtext.TEXT_COLOUR]
    assert not inside
    right = max(float(b.get("x")) + float(b.get("width")) for b in bars)
    full = [float(b.get("x")) for b in bars[:1]] + [right]
    assert full[1] - full[0] > 300
    assert {"Urbain dense (1)", "Intermédiaire (2-4)", "Rural (5-7)"} <= set(shown)


# ---------------------------------------------------------------- grouped_bars


def test_grouped_bars_one_bar_per_value_labels_beyond_the_ends() -> None:
    table = pd.DataFrame({"zone": ["Nord", "Sud", "Est"], "a": [0.568, -0.1, np.nan], "b": [0.2, 0.3, 0.4]})
    root = parse(svgcharts.grouped_bars(table, "zone", {"a": "Tous métiers", "b": "Industrie"}, "pct", title="T"))
    bars = find(root, "rect", "bar")
    assert len(bars) == 5
    assert tip(bars[0]) == f"Nord – Tous métiers : 56,8{NNBSP}%"
    assert {b.get("fill") for b in bars} == {PALETTE[0], PALETTE[1]}
    zero = find(root, "line", "zero")
    assert len(zero) == 1
    zero_y = float(zero[0].get("y1"))
    negative = next(b for b in bars if tip(b).startswith("Sud – Tous"))
    assert abs(float(negative.get("y")) - zero_y) < 0.2  # hangs from the zero line
    label = next(t for t in find(root, "text") if t.text == f"-10,0{NNBSP}%")
    assert float(label.get("y")) > float(negative.get("y")) + float(negative.get("height"))
    positive = next(t for t in find(root, "text") if t.text == f"56,8{NNBSP}%")
    assert float(positive.get("y")) < float(bars[0].get("y"))


def test_grouped_bars_category_labels_never_overlap() -> None:
    names = ["Saint-Julien-en-Genevois", "Villefranche-sur-Saône", "Clermont-Ferrand", "Le Puy-en-Velay"] * 2
    table = pd.DataFrame({"zone": names, "a": np.linspace(0.1, 0.8, 8)})
    for width in (300, 640, 1000):
        root = parse(svgcharts.grouped_bars(table, "zone", {"a": "A"}, "pct", width=width))
        labels = [t for t in find(root, "text") if t.text in names]
        assert len(labels) == len(names)
        turned = [t for t in labels if t.get("transform")]
        if not turned:
            spans = sorted(text_extent(t) for t in labels)
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        else:
            angle = float(re.match(r"rotate\((-?[\d.]+)", turned[0].get("transform")).group(1))
            xs = sorted(float(t.get("x")) for t in labels)
            apart = min(b - a for a, b in itertools.pairwise(xs)) * abs(math.sin(math.radians(angle)))
            assert apart >= 12  # turned labels a line's height apart


def test_grouped_bars_wrap_names_that_fit_in_their_group() -> None:
    table = pd.DataFrame({"zone": ["Bourg en Bresse Nord", "Ambérieu"], "a": [0.4, 0.5]})
    root = parse(svgcharts.grouped_bars(table, "zone", {"a": "A"}, "pct", width=260))
    shown = texts(root)
    assert "Ambérieu" in shown and "Bourg en Bresse Nord" not in shown
    assert not any(t.get("transform") for t in find(root, "text"))


# ---------------------------------------------------------------- ranking_bars


def test_ranking_bars_keep_order_highlight_and_partial_counts() -> None:
    labels = ["Premier", "Deuxième", "Troisième"]
    root = parse(
        svgcharts.ranking_bars(labels, [12345.0, 800.0, 20.0], "int", highlight=1, partial=[True, False, False])
    )
    bars = find(root, "rect", "bar")
    assert [tip(b) for b in bars] == [f"Premier : ≥ 12{NNBSP}345", "Deuxième : 800", "Troisième : 20"]
    assert [b.get("fill") for b in bars] == [PALETTE[0], PALETTE[5], PALETTE[0]]
    ys = [float(b.get("y")) for b in bars]
    assert ys == sorted(ys)
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] > widths[1] > widths[2] > 0
    assert f"≥ 12{NNBSP}345" in texts(root)
    pct = parse(svgcharts.ranking_bars(["a"], [0.5], "pct", partial=[True]))
    assert f"50,0{NNBSP}%" in texts(pct) and not any(t.startswith("≥") for t in texts(pct))


def test_ranking_labels_are_measured_and_wrapped() -> None:
    long_name = "Une zone d'emploi au nom extrêmement long qui doit passer à la ligne"
    root = parse(svgcharts.ranking_bars([long_name, "B"], [3.0, 2.0], "int", width=400))
    shown = texts(root)
    assert long_name not in shown and "B" in shown
    parts = [t for t in find(root, "text") if t.text and t.text in long_name and t.text != "B"]
    assert len(parts) >= 2
    first_bar = min(float(b.get("x")) for b in find(root, "rect", "bar"))
    assert all(text_extent(t)[1] < first_bar for t in parts)
