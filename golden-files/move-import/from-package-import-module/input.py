from netra_backend.app.websocket_core import unified_manager


def build(ctx):
    return unified_manager.UnifiedWebSocketManager(user_context=ctx)
