from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

# create_websocket_manager(ctx) is deprecated; see the docs.
HELP = "call create_websocket_manager(ctx) to get a manager"


async def handle(ctx):
    return WebSocketManager(user_context=ctx)
