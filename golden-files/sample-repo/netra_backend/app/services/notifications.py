"""User notifications pushed over WebSocket.

Line endings of this file are CRLF on purpose (it came from a Windows checkout).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Iterable

from netra_backend.app.websocket_core import WebSocketConnection, create_websocket_manager
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager, WebSocketManagerMode
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager as make_manager
from netra_backend.app.websocket_core.websocket_manager_factory import get_websocket_manager_factory


@dataclass
class Notification:
    title: str
    body: str
    level: str = "info"

    def to_message(self) -> dict[str, Any]:
        return {"type": "notification", "title": self.title, "body": self.body, "level": self.level}


async def notify_user(user_context: Any, notification: Notification) -> int:
    manager = await make_manager(user_context)
    return await manager.send_to_user(user_context.user_id, notification.to_message())


def build_notification_manager(user_context: Any) -> WebSocketManager:
    # The package-level helper is synchronous: no await here.
    return create_websocket_manager(user_context)


def build_emergency_manager(user_context: Any) -> WebSocketManager:
    manager = get_websocket_manager_factory()(user_context)
    manager.mode = WebSocketManagerMode.EMERGENCY
    return manager


async def notify_many(user_contexts: Iterable[Any], notification: Notification) -> list[int]:
    async def one(ctx: Any) -> int:
        manager = build_notification_manager(ctx)
        return await manager.send_to_user(ctx.user_id, notification.to_message())

    return list(await asyncio.gather(*(one(ctx) for ctx in user_contexts)))


def describe(connection: WebSocketConnection) -> str:
    return f"{connection.user_id}/{connection.connection_id} since {connection.connected_at:%H:%M:%S}"
