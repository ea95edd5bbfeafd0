from netra_backend.app.websocket_core.unified_init import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManagerProtocol


def build(ctx) -> WebSocketManagerProtocol:
    return WebSocketManager(user_context=ctx)
