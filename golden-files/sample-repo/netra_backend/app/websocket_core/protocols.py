"""Protocols for the WebSocket core (canonical definitions)."""

from __future__ import annotations

from typing import Any, Optional, Protocol


class WebSocketManagerProtocol(Protocol):
    """What services may rely on when they are handed a WebSocket manager."""

    @property
    def user_id(self) -> Optional[str]: ...

    async def connect(self, websocket: Any, user_id: Optional[str] = None, **metadata: Any) -> Any: ...

    async def disconnect(self, connection_id: str) -> bool: ...

    async def send_to_user(self, user_id: str, message: dict[str, Any]) -> int: ...

    async def broadcast(self, message: dict[str, Any]) -> int: ...


__all__ = ["WebSocketManagerProtocol"]
