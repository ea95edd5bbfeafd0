from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx) -> WebSocketManager:
    return WebSocketManager(user_context=ctx)
