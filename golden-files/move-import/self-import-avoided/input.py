"""Canonical WebSocket manager."""
from .protocols import WebSocketManagerProtocol
from .unified_manager import UnifiedWebSocketManager, WebSocketManagerMode

WebSocketManager = UnifiedWebSocketManager

__all__ = ["WebSocketManager", "WebSocketManagerMode", "WebSocketManagerProtocol"]
