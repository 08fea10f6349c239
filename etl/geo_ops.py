"""Geometry operations on the commune coverage: dissolve into zones, simplify without gaps."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

# About 2.5 km: the 306 zones of France weigh ~210 KB as GeoJSON, detailed enough for a choropleth.
MAP_TOLERANCE_DEG = 0.025
MAP_DECIMALS = 3


def dissolve(geometry: gpd.GeoSeries, keys: pd.Series) -> gpd.GeoSeries:
    """Union the communes of each key; the inputs form a coverage, so coverage_union is exact and fast."""
    frame = pd.DataFrame({"key": keys.to_numpy(), "geometry": geometry.to_numpy()})
    parts = {
        key: shapely.coverage_union_all(group["geometry"].to_numpy()) for key, group in frame.groupby("key", sort=True)
    }
    return gpd.GeoSeries(list(parts.values()), index=pd.Index(list(parts.keys()), name=keys.name), crs=geometry.crs)


def simplify_for_web(shapes: gpd.GeoSeries) -> gpd.GeoSeries:
    """Simplify shared borders once for both neighbours, then snap to a 0.001° grid.

    coverage_simplify keeps neighbours' borders identical (no gaps or overlaps); snap-rounding
    with set_precision keeps every polygon valid, where rounding coordinates one by one can make
    slivers overlap.
    """
    simplified = shapely.coverage_simplify(np.asarray(shapes.values), tolerance=MAP_TOLERANCE_DEG)
    snapped = shapely.set_precision(simplified, 10.0**-MAP_DECIMALS)
    return gpd.GeoSeries(snapped, index=shapes.index, crs=shapes.crs)
