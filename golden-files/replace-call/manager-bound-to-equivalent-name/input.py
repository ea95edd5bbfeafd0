from netra_backend.app.websocket_core.manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def handle(ctx) -> WebSocketManager:
    # WebSocketManager is imported through a legacy path that the codemod moves onto the
    # canonical class: the existing binding is used, phase 3 fixes the import.
    return await create_websocket_manager(ctx)
