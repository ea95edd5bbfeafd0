from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


def create_websocket_manager(ctx):  # a local helper with the same name
    return object()


async def handle(ctx):
    return create_websocket_manager(ctx)
