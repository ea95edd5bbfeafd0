from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    return WebSocketManager(user_context=ctx)
