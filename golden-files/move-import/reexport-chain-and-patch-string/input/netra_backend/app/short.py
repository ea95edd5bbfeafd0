from netra_backend.app.compat import UnifiedWebSocketManager as Manager
