from netra_backend.app.websocket_core.websocket_manager_factory import *  # noqa: F403
