"""Old import paths, kept for other teams."""
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
