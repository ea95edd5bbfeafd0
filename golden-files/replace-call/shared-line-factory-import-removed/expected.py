from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,  # factories
)
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    first = WebSocketManager(user_context=ctx)
    return first, WebSocketManager(user_context=ctx), WebSocketManagerFactory
