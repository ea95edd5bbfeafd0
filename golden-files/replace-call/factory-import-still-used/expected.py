from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager, create_websocket_manager_sync
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    return WebSocketManager(user_context=ctx)


async def handle_many(contexts):
    return [create_websocket_manager(c) for c in contexts]
