from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol


def build(ctx) -> WebSocketManagerProtocol:
    return WebSocketManager(user_context=ctx)
