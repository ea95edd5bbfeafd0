"""Notifications."""

import logging

# WebSocket imports
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

# LegacyManager is logged with logging, which stays
from netra_backend.app.websocket_core.manager import WebSocketManager as LegacyManager

logger = logging.getLogger(__name__)


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx), WebSocketManager, LegacyManager
