"""Legacy import path for the WebSocket manager.

Kept so that old imports keep working.
"""

from __future__ import annotations

from .websocket_manager import WebSocketManager

__all__ = ["WebSocketManager"]
