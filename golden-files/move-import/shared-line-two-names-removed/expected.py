from netra_backend.app.websocket_core.manager import (
    legacy_helper,
    another_helper,
)
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager, WebSocketManager, WebSocketManager as Legacy


def build(ctx):
    return UnifiedWebSocketManager, WebSocketManager(user_context=ctx), Legacy, legacy_helper, another_helper
