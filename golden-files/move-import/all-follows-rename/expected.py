from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

__all__ = ["WebSocketManager", "build"]


def build(ctx):
    return WebSocketManager(user_context=ctx)
