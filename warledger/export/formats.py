"""Placeholder: ACLED-style CSV and GeoJSON writers (filled in by the store/export work)."""
