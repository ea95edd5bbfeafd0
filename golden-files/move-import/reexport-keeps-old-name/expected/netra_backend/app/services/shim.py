"""Old home of the manager; other modules still import it from here."""
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx)
