from netra_backend.app.websocket_core.websocket_manager import (  # legacy path
    WebSocketManager,  # the manager
)


def build(ctx):
    return WebSocketManager(user_context=ctx)
