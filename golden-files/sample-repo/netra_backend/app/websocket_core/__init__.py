"""WebSocket core: the manager, its protocol and the (deprecated) factory."""

from .websocket_manager import WebSocketManager
from .unified_manager import WebSocketManagerMode, WebSocketConnection
from .websocket_manager_factory import WebSocketManagerFactory, create_websocket_manager_sync, get_websocket_manager_factory


def create_websocket_manager(user_context):
    """Synchronous helper kept for callers of the old package-level API."""
    return WebSocketManager(user_context=user_context)


__all__ = [
    "WebSocketConnection",
    "WebSocketManager",
    "WebSocketManagerFactory",
    "WebSocketManagerMode",
    "create_websocket_manager",
    "create_websocket_manager_sync",
    "get_websocket_manager_factory",
]
