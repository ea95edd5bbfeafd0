from unittest import mock

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def build(ctx):
    return WebSocketManager(user_context=ctx), WebSocketManager


def patched():
    return mock.patch("netra_backend.app.websocket_core.websocket_manager.WebSocketManager.connect")
