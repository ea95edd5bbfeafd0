from netra_backend.app.websocket_core.manager import (
    UnifiedWebSocketManager, WebSocketManager, legacy_helper,
    another_helper, WebSocketManager as Legacy,
)


def build(ctx):
    return UnifiedWebSocketManager, WebSocketManager(user_context=ctx), Legacy, legacy_helper, another_helper
