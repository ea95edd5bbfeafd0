from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handle(request):
    manager = await create_websocket_manager(user_context=request.state.user_context)
    await manager.connect()
