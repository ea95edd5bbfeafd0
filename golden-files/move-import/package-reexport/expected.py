from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def build(ctx) -> WebSocketManager:
    return WebSocketManager(user_context=ctx)
