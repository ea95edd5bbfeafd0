"""Légacy bridge — adapts the v1 “push” API to the WebSocket manager.

This file starts with a UTF-8 byte order mark (it was saved by an old editor).
"""

from __future__ import annotations

from typing import Any

from netra_backend.app.core.interfaces_websocket import WebSocketManagerProtocol
from netra_backend.app.services.agent_handler import create_websocket_manager
from netra_backend.app.websocket_core import websocket_manager_factory
from netra_backend.app.websocket_core.unified_init import WebSocketManager as BridgeManager
from netra_backend.app.websocket_core.websocket_manager_factory import IsolatedWebSocketManager, WebSocketManagerFactory

GRÜSSE = {"de": "Grüß Gott", "fr": "Salut à toi", "ja": "こんにちは"}


class LegacyPushBridge:
    """Translates v1 push calls into manager calls."""

    def __init__(self, manager: WebSocketManagerProtocol):
        self.manager = manager

    @classmethod
    def for_context(cls, user_context: Any) -> "LegacyPushBridge":
        return cls(WebSocketManagerFactory.create(user_context))

    @classmethod
    def isolated(cls, user_context: Any) -> "LegacyPushBridge":
        manager = websocket_manager_factory.WebSocketManagerFactory.create_isolated(user_context)
        assert isinstance(manager, IsolatedWebSocketManager)
        return cls(manager)

    async def push(self, user_id: str, kind: str, **data: Any) -> int:
        return await self.manager.send_to_user(user_id, {"type": f"v1.{kind}", **data})

    async def greet(self, user_id: str, language: str = "de") -> int:
        return await self.push(user_id, "greeting", text=GRÜSSE.get(language, "hello"))


async def bridge_for(user_context: Any) -> LegacyPushBridge:
    manager = await create_websocket_manager(user_context)
    return LegacyPushBridge(manager)


def adopt(manager: BridgeManager) -> LegacyPushBridge:
    return LegacyPushBridge(manager)
