from fastapi import APIRouter

router = APIRouter()


@router.websocket("/ws")
async def websocket_endpoint(websocket, ctx):
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

    manager = await create_websocket_manager(ctx)
    await manager.connect(websocket)
