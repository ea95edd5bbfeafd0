from netra_backend.app.websocket_core import (
    get_websocket_manager, safe_send,
    Heartbeat,
)
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as Manager


def build(ctx):
    return Manager(user_context=ctx), get_websocket_manager, safe_send, Heartbeat
