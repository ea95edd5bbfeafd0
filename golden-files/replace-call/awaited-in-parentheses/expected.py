from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def push(ctx, payload):
    return await (WebSocketManager(user_context=ctx)).send_to_user(ctx.user_id, payload)
