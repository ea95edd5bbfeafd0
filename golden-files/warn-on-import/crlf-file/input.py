"""Legacy import path."""

from .websocket_manager import WebSocketManager
