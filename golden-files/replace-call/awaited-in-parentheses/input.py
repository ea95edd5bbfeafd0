from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def push(ctx, payload):
    return await (await create_websocket_manager(ctx)).send_to_user(ctx.user_id, payload)
