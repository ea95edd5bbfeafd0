from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def build(ctx) -> WebSocketManager:
    manager = WebSocketManager(user_context=ctx)
    assert isinstance(manager, WebSocketManager)
    return manager
