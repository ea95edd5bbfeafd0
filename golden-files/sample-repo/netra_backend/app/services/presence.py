"""Presence: who is online, through the short import paths."""

from typing import Any

# create_websocket_manager comes through canonical_imports, for compatibility
from netra_backend.app.canonical_imports import create_websocket_manager


async def go_online(user_context: Any, websocket: Any) -> Any:
    manager = await create_websocket_manager(user_context)
    await manager.connect(websocket)
    return manager
