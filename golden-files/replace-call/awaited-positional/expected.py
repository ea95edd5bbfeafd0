"""Route that opens a manager per request."""
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    manager = WebSocketManager(user_context=ctx)
    return manager
