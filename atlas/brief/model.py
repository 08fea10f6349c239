"""What a brief holds, independent of how it is rendered."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go


@dataclass
class Figure:
    key: str  # file name stem of the PNG
    title: str
    figure: go.Figure | str  # a plotly figure, or a static chart already drawn as SVG (atlas.svgcharts)
    source: str
    width: int = 760
    height: int = 320  # of a plotly figure's drawing (an SVG chart carries its own size)


@dataclass
class TableBlock:
    key: str  # sheet name in the workbook
    title: str
    shown: pd.DataFrame  # formatted for reading (French numbers)
    data: pd.DataFrame  # raw numbers for the workbook
    source: str


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    svg: str | None = None
    page_break_before: bool = False


@dataclass
class Brief:
    slug: str
    title: str
    subtitle: str
    built_at: str
    link: str
    sections: list[Section]
    sources: list[str]

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    @property
    def tables(self) -> list[TableBlock]:
        return [t for s in self.sections for t in s.tables]
