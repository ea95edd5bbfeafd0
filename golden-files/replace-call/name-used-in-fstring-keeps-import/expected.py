from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(ctx):
    manager = WebSocketManager(user_context=ctx)
    print(f"built by {create_websocket_manager.__name__}")
    return manager
