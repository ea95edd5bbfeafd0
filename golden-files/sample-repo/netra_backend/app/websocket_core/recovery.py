"""Reconnect support: old names for the manager, kept for the reconnect path."""
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

RecoveryManager = UnifiedWebSocketManager


async def recover(user_context):
    """A fresh manager for a user whose socket dropped."""
    return await create_websocket_manager(user_context)


def describe(manager) -> str:
    return f"{type(manager).__name__} for {manager.user_id}"


import asyncio  # noqa: E402  (a late import, below module-level code, as in the real module)

RecoveryHandler = UnifiedWebSocketManager
RECONNECT_DELAY = asyncio.sleep
