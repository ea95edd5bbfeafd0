try:
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
except ImportError:
    from netra_backend.app.fallback import create_websocket_manager
