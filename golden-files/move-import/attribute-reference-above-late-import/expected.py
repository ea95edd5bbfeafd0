from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

DEFAULT_MANAGER = WebSocketManager


def build(ctx):
    return DEFAULT_MANAGER(user_context=ctx)


from netra_backend.app.websocket_core.websocket_manager import DEFAULT_TIMEOUT  # late

TIMEOUT = DEFAULT_TIMEOUT
