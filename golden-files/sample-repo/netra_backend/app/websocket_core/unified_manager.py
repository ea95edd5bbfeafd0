"""Unified WebSocket manager: one manager per user context.

This module holds the real implementation. Import the manager through
``netra_backend.app.websocket_core.websocket_manager`` instead of from here.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Optional

logger = logging.getLogger(__name__)

_connection_ids = itertools.count(1)


class WebSocketManagerMode(Enum):
    """How a manager shares state with other managers."""

    UNIFIED = "unified"
    ISOLATED = "isolated"
    EMERGENCY = "emergency"


@dataclass
class WebSocketConnection:
    """One open socket that belongs to one user."""

    connection_id: str
    user_id: str
    websocket: Any = None
    connected_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return not getattr(self.websocket, "closed", False)


class UnifiedWebSocketManager:
    """Tracks the connections of one user context and delivers messages to them."""

    def __init__(self, user_context=None, mode=None):
        self.user_context = user_context
        # A manager created for one user's context is isolated to that user; only the
        # process-wide manager (no context) is unified.
        if mode is None:
            mode = WebSocketManagerMode.ISOLATED if user_context is not None else WebSocketManagerMode.UNIFIED
        self.mode = mode
        self._connections: dict[str, WebSocketConnection] = {}
        self._user_connections: dict[str, set[str]] = {}
        self._outbox: list[tuple[str, dict[str, Any]]] = []
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} user={self.user_id!r} mode={self.mode.value} connections={len(self._connections)}>"

    @property
    def user_id(self) -> Optional[str]:
        return getattr(self.user_context, "user_id", None)

    @property
    def active_connections(self) -> dict[str, WebSocketConnection]:
        return {cid: conn for cid, conn in self._connections.items() if conn.is_open}

    @property
    def connection_count(self) -> int:
        return len(self.active_connections)

    @property
    def outbox(self) -> list[tuple[str, dict[str, Any]]]:
        """Messages sent to users who had no open connection."""
        return list(self._outbox)

    def get_user_connections(self, user_id: str) -> list[WebSocketConnection]:
        return [self._connections[cid] for cid in sorted(self._user_connections.get(user_id, ()))]

    async def connect(self, websocket: Any, user_id: Optional[str] = None, **metadata: Any) -> WebSocketConnection:
        user_id = user_id or self.user_id
        if user_id is None:
            raise ValueError("connect() needs a user_id or a manager with a user context")
        connection = WebSocketConnection(
            connection_id=f"conn-{next(_connection_ids)}",
            user_id=user_id,
            websocket=websocket,
            metadata=dict(metadata),
        )
        async with self._lock:
            self._connections[connection.connection_id] = connection
            self._user_connections.setdefault(user_id, set()).add(connection.connection_id)
        logger.debug("connected %s for %s", connection.connection_id, user_id)
        return connection

    async def disconnect(self, connection_id: str) -> bool:
        async with self._lock:
            connection = self._connections.pop(connection_id, None)
            if connection is None:
                return False
            ids = self._user_connections.get(connection.user_id, set())
            ids.discard(connection_id)
            if not ids:
                self._user_connections.pop(connection.user_id, None)
        return True

    async def send_to_user(self, user_id: str, message: dict[str, Any]) -> int:
        """Send ``message`` to every open connection of ``user_id``; returns how many got it."""
        delivered = 0
        for connection in self.get_user_connections(user_id):
            if not connection.is_open:
                continue
            await connection.websocket.send_json(message)
            delivered += 1
        if delivered == 0:
            self._outbox.append((user_id, message))
        return delivered

    async def broadcast(self, message: dict[str, Any]) -> int:
        user_ids = list(self._user_connections)
        results = await asyncio.gather(*(self.send_to_user(uid, message) for uid in user_ids))
        return sum(results)

    async def close_all(self) -> None:
        for connection_id in list(self._connections):
            await self.disconnect(connection_id)


__all__ = ["UnifiedWebSocketManager", "WebSocketConnection", "WebSocketManagerMode"]
