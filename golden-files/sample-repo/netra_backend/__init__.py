"""Netra backend (sample)."""
