from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager as make_manager


async def notify(ctx, message):
    manager = await make_manager(ctx)
    return await manager.send_to_user(ctx.user_id, message)
