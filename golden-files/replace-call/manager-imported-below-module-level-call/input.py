from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

SYSTEM_MANAGER = create_websocket_manager_sync(object())

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager  # noqa: E402
