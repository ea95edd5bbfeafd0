from netra_backend.app.websocket_core.websocket_manager import (
    WebSocketManager,
    WebSocketManagerMode,  # moves to unified_manager
    WebSocketManagerProtocol,  # moves to protocols
)


def build(ctx) -> WebSocketManagerProtocol:
    return WebSocketManager(user_context=ctx, mode=WebSocketManagerMode.UNIFIED)
