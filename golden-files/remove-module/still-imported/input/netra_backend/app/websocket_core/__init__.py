"""WebSocket core package."""

from .websocket_manager import WebSocketManager
from . import websocket_manager_factory
