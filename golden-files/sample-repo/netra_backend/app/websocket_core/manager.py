"""Legacy import path for the WebSocket manager.

Kept so that old imports (``from netra_backend.app.websocket_core.manager import
WebSocketManager``) keep working; new code imports from ``websocket_manager``.
"""

from .unified_manager import UnifiedWebSocketManager

WebSocketManager = UnifiedWebSocketManager

__all__ = ["WebSocketManager", "UnifiedWebSocketManager"]
