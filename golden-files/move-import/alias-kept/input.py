from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager as Manager


def build(ctx) -> Manager:
    return Manager(user_context=ctx)
