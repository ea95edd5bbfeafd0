"""WebSocket endpoints.

The handlers take the raw socket object and a request-scoped ``user_context``
(anything with ``user_id``, ``thread_id`` and ``run_id`` attributes).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from netra_backend.app.websocket_core import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 25


async def websocket_endpoint(websocket: Any, user_context: Any) -> WebSocketManager:
    """Accept a socket and register it with a fresh manager."""
    manager = await create_websocket_manager(user_context)
    connection = await manager.connect(websocket, user_id=user_context.user_id, thread_id=user_context.thread_id)
    logger.info("accepted %s", connection.connection_id)
    await manager.send_to_user(
        user_context.user_id,
        {"type": "connected", "connection_id": connection.connection_id, "heartbeat": HEARTBEAT_SECONDS},
    )
    return manager


async def websocket_reconnect(websocket: Any, user_context: Any, last_event_id: str | None = None) -> WebSocketManager:
    """Reconnect after a network drop; imports lazily to keep startup fast."""
    from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

    manager = create_websocket_manager_sync(user_context)
    await manager.connect(websocket, user_id=user_context.user_id, resumed_from=last_event_id)
    return manager


async def handle_message(user_context: Any, raw: str) -> dict[str, Any]:
    """Handle one inbound frame and echo an acknowledgement."""
    try:
        message = json.loads(raw)
    except json.JSONDecodeError:
        return {"type": "error", "error": "invalid json"}
    manager = await create_websocket_manager(
        # Each message gets a manager bound to the request's context,
        # never a process-wide one.
        user_context,  # positional, as in the old API
    )
    ack = {"type": "ack", "id": message.get("id"), "echo": message.get("text", "")}
    await manager.send_to_user(user_context.user_id, ack)
    return ack


async def send_system_notice(user_context: Any, text: str) -> int:
    return await (await create_websocket_manager(user_context)).send_to_user(
        user_context.user_id, {"type": "system", "text": text}
    )


async def open_pair(primary_context: Any, secondary_context: Any) -> tuple[WebSocketManager, WebSocketManager]:
    """Create managers for two users concurrently (used by screen sharing)."""
    primary, secondary = await asyncio.gather(
        create_websocket_manager(primary_context),
        create_websocket_manager(secondary_context),
    )
    return primary, secondary
