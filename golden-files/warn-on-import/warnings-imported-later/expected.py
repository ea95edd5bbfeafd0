"""Legacy import path."""

import logging
import warnings
warnings.warn("netra_backend.app.websocket_core.manager is deprecated; use from netra_backend.app.websocket_core.websocket_manager import WebSocketManager", DeprecationWarning, stacklevel=2)

from .websocket_manager import WebSocketManager

logger = logging.getLogger(__name__)
