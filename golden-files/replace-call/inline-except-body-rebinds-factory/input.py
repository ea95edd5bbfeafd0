from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

try: import uvloop
except ImportError: create_websocket_manager = None


async def handle(ctx):
    return await create_websocket_manager(ctx)
