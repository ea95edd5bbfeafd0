"""Core interfaces shared across the backend."""
