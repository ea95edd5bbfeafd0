from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def build(ctx):
    return WebSocketManager(user_context=ctx)
