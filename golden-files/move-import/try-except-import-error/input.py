try:
    from netra_backend.app.websocket_core.unified_init import WebSocketManager
except ImportError:  # pragma: no cover
    WebSocketManager = None
