from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handle(ctx):
    manager = await create_websocket_manager(ctx)
    print(f"built by {create_websocket_manager.__name__}")
    return manager
