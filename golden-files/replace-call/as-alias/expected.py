from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def notify(ctx, message):
    manager = WebSocketManager(user_context=ctx)
    return await manager.send_to_user(ctx.user_id, message)
