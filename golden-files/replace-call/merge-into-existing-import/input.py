from netra_backend.app.websocket_core.websocket_manager import WebSocketManagerMode
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handle(ctx):
    manager = await create_websocket_manager(ctx)
    manager.mode = WebSocketManagerMode.UNIFIED
    return manager
