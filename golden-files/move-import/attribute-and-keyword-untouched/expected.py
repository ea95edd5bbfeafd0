from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class Holder:
    def __init__(self):
        self.UnifiedWebSocketManager = WebSocketManager
        configure(UnifiedWebSocketManager=True)


def configure(**flags):
    return flags
