from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager, WebSocketManagerMode


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx, mode=WebSocketManagerMode.UNIFIED)
