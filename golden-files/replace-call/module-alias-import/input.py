import netra_backend.app.websocket_core.websocket_manager_factory as factory


async def open_manager(ctx):
    return await factory.create_websocket_manager(ctx)
