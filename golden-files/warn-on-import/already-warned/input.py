"""Legacy import path."""

import warnings

warnings.warn(
    "netra_backend.app.websocket_core.manager is deprecated; use websocket_manager",
    DeprecationWarning,
    stacklevel=2,
)

from .websocket_manager import WebSocketManager
