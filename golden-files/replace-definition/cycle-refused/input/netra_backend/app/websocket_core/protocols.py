"""Canonical protocols; this one imports the duplicate's module (a cycle)."""

from typing import Protocol

from netra_backend.app.core.interfaces_websocket import WebSocketEventType


class WebSocketManagerProtocol(Protocol):
    async def send_to_user(self, user_id: str, message: dict) -> int: ...

    async def emit(self, event: WebSocketEventType) -> None: ...
