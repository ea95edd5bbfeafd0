from netra_backend.app.cycle_a import create_websocket_manager


async def build(ctx):
    return await create_websocket_manager(ctx)
