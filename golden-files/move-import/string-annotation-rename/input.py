from typing import Optional

from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


def get(manager: "UnifiedWebSocketManager") -> Optional["UnifiedWebSocketManager"]:
    print("UnifiedWebSocketManager is a log message, not an annotation")
    return manager
