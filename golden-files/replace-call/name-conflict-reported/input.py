from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


class WebSocketManager:
    """A local class with the replacement's name."""


async def handle(ctx):
    return await create_websocket_manager(ctx)
