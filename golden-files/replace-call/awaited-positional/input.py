"""Route that opens a manager per request."""
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handle(ctx):
    manager = await create_websocket_manager(ctx)
    return manager
