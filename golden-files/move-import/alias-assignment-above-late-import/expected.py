"""Recovery shim: old names for the manager."""
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import get_websocket_manager_factory
RecoveryManager = WebSocketManager


async def recover(ctx):
    return RecoveryManager(user_context=ctx)


def factory():
    return get_websocket_manager_factory()


import asyncio  # a late import, below module-level code
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
RecoveryHandler = WebSocketManager
LOOP_POLICY = asyncio.DefaultEventLoopPolicy


def build(ctx):
    return WebSocketManager(user_context=ctx)
