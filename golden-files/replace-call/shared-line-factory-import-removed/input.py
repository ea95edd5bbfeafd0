from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory, create_websocket_manager, create_websocket_manager_sync,  # factories
)


async def handle(ctx):
    first = await create_websocket_manager(ctx)
    return first, create_websocket_manager_sync(ctx), WebSocketManagerFactory
