"""A regular module."""

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
