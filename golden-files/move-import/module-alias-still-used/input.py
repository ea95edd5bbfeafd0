import netra_backend.app.websocket_core.unified_manager as um


def build(ctx):
    return um.UnifiedWebSocketManager(user_context=ctx, mode=um.WebSocketManagerMode.UNIFIED)
