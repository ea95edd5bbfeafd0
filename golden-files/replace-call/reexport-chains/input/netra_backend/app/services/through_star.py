from netra_backend.app.everything import create_websocket_manager


async def build(ctx):
    return await create_websocket_manager(ctx)
