"""Deprecated factory: use WebSocketManager(user_context=...) instead."""

from __future__ import annotations

from .websocket_manager import WebSocketManager


def create_websocket_manager_sync(user_context):
    return WebSocketManager(user_context=user_context)
