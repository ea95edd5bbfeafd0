from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager


class WebSocketManager:
    """An unrelated local class with the canonical name."""


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx)
