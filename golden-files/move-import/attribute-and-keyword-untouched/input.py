from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


class Holder:
    def __init__(self):
        self.UnifiedWebSocketManager = UnifiedWebSocketManager
        configure(UnifiedWebSocketManager=True)


def configure(**flags):
    return flags
