from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    """Grüß Gott."""
    return WebSocketManager(user_context=ctx)
