"""Read side of Atlas 4.h: loaders, indicator queries, maps, charts, formats and exports."""
