"""Notifications."""

import logging

# WebSocket imports
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, WebSocketManager as LegacyManager

# LegacyManager is logged with logging, which stays

logger = logging.getLogger(__name__)


def build(ctx):
    return WebSocketManager(user_context=ctx), WebSocketManager, LegacyManager
