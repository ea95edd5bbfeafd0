from fastapi import APIRouter

router = APIRouter()


@router.websocket("/ws")
async def websocket_endpoint(websocket, ctx):
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

    manager = WebSocketManager(user_context=ctx)
    await manager.connect(websocket)
