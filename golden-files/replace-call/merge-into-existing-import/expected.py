from netra_backend.app.websocket_core.websocket_manager import WebSocketManagerMode, WebSocketManager


async def handle(ctx):
    manager = WebSocketManager(user_context=ctx)
    manager.mode = WebSocketManagerMode.UNIFIED
    return manager
