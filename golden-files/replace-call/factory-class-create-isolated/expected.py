from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def isolated(ctx):
    return WebSocketManager(user_context=ctx)


def shared(ctx):
    return WebSocketManager(user_context=ctx)
