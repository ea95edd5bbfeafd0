from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    manager = WebSocketManager(
        # the request's user, never a shared one
        user_context=ctx,  # keep this comment
    )
    return manager
