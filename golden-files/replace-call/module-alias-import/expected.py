from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def open_manager(ctx):
    return WebSocketManager(user_context=ctx)
