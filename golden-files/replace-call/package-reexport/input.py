from netra_backend.app.websocket_core import create_websocket_manager


def build(ctx):
    # The package-level helper is synchronous.
    return create_websocket_manager(ctx)


async def build_awaited(ctx):
    # Awaiting the synchronous helper is a bug today; the await goes away.
    return await create_websocket_manager(ctx)
