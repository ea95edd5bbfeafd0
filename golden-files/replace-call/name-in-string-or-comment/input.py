from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

# create_websocket_manager(ctx) is deprecated; see the docs.
HELP = "call create_websocket_manager(ctx) to get a manager"


async def handle(ctx):
    return await create_websocket_manager(ctx)
