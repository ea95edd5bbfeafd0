from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


def describe(ctx):
    manager = UnifiedWebSocketManager(user_context=ctx)
    return f"{UnifiedWebSocketManager.__name__}: {manager!r}"
