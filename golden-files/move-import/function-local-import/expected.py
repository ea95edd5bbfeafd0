def build(ctx):
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

    return WebSocketManager(user_context=ctx)
