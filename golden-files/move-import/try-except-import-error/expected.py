try:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
except ImportError:  # pragma: no cover
    WebSocketManager = None
