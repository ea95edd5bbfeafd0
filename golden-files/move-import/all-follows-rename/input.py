from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager

__all__ = ["UnifiedWebSocketManager", "build"]


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx)
