from typing import Optional

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def get(manager: "WebSocketManager") -> Optional["WebSocketManager"]:
    print("UnifiedWebSocketManager is a log message, not an annotation")
    return manager
