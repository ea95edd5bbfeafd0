from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


async def handle(request):
    manager = WebSocketManager(user_context=request.state.user_context)
    await manager.connect()
