from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager, WebSocketConnection


def pair(ctx):
    return WebSocketManager(user_context=ctx), UnifiedWebSocketManager(user_context=ctx), WebSocketConnection
