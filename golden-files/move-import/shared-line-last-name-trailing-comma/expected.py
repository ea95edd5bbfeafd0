from netra_backend.app.websocket_core import (
    Heartbeat,
    get_websocket_manager, safe_send,
)
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def build(ctx):
    return WebSocketManager(user_context=ctx), get_websocket_manager, safe_send, Heartbeat
