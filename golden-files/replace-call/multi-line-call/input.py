from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handle(ctx):
    manager = await create_websocket_manager(
        # the request's user, never a shared one
        ctx,  # keep this comment
    )
    return manager
