from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,  # still used below
    create_websocket_manager,  # goes away
)


async def handle(ctx):
    return await create_websocket_manager(ctx)


FACTORY_CLASS = WebSocketManagerFactory
