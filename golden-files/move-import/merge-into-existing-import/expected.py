from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.unified_manager import WebSocketConnection


def pair(ctx):
    return WebSocketManager(user_context=ctx), WebSocketManager(user_context=ctx), WebSocketConnection
