"""Notifications."""

import logging

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

logger = logging.getLogger(__name__)


def build(ctx):
    return WebSocketManager(user_context=ctx), WebSocketManager
