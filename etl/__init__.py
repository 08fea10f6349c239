"""Write side of Atlas 4.h: fetch raw open data, build validated Parquet tables."""
