from netra_backend.app.maybe import create_websocket_manager


async def build(ctx):
    return await create_websocket_manager(ctx)
