"""Legacy import path for the WebSocket manager.

Kept so that old imports keep working.
"""

from __future__ import annotations

import warnings
warnings.warn("netra_backend.app.websocket_core.manager is deprecated; use from netra_backend.app.websocket_core.websocket_manager import WebSocketManager", DeprecationWarning, stacklevel=2)

from .websocket_manager import WebSocketManager

__all__ = ["WebSocketManager"]
