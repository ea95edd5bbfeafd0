from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def build(ctx):
    # The package-level helper is synchronous.
    return WebSocketManager(user_context=ctx)


async def build_awaited(ctx):
    # Awaiting the synchronous helper is a bug today; the await goes away.
    return WebSocketManager(user_context=ctx)
