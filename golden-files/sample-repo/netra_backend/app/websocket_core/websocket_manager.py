"""The one WebSocket manager (single source of truth).

Everything that needs a manager should do::

    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

    manager = WebSocketManager(user_context=user_context)
"""

from .protocols import WebSocketManagerProtocol
from .unified_manager import UnifiedWebSocketManager, WebSocketManagerMode

WebSocketManager = UnifiedWebSocketManager

__all__ = ["WebSocketManager", "WebSocketManagerMode", "WebSocketManagerProtocol"]
