from netra_backend.app.websocket_core import (
    get_websocket_manager, WebSocketManager as Manager, safe_send,
    Heartbeat,
)


def build(ctx):
    return Manager(user_context=ctx), get_websocket_manager, safe_send, Heartbeat
