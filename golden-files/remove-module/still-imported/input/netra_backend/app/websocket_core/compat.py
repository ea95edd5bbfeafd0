"""Relative import of the factory, inside the package."""

from .websocket_manager_factory import (
    create_websocket_manager_sync,
)

__all__ = ["create_websocket_manager_sync"]
