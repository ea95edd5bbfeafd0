"""Old import paths, kept for other teams."""
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as UnifiedWebSocketManager
