"""Notifications."""

import logging

# Import UnifiedWebSocketManager from unified_manager for compatibility
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

logger = logging.getLogger(__name__)


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx), WebSocketManager
