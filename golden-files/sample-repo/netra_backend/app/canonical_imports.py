"""Short import paths for the WebSocket layer (a re-export hub)."""
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

__all__ = ["create_websocket_manager"]
