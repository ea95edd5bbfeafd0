from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


def build(ctx) -> UnifiedWebSocketManager:
    manager = UnifiedWebSocketManager(user_context=ctx)
    assert isinstance(manager, UnifiedWebSocketManager)
    return manager
