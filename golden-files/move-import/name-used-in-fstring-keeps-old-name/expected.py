from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager


def describe(ctx):
    manager = UnifiedWebSocketManager(user_context=ctx)
    return f"{UnifiedWebSocketManager.__name__}: {manager!r}"
