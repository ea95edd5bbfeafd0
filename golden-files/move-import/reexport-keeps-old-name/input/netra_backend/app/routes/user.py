from netra_backend.app.services.shim import UnifiedWebSocketManager


def kind():
    return UnifiedWebSocketManager
