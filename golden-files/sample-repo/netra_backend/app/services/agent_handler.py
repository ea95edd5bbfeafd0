"""Runs an agent for one user and streams its progress over WebSocket."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any, Optional

from netra_backend.app.core.interfaces_websocket import WebSocketEvent, WebSocketEventType
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager, WebSocketManagerMode
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager

if TYPE_CHECKING:
    from netra_backend.app.core.interfaces_websocket import WebSocketManagerProtocol

logger = logging.getLogger(__name__)


class AgentHandler:
    """Streams agent events to the user that started the run."""

    def __init__(self, user_context: Any, manager: Optional["UnifiedWebSocketManager"] = None):
        self.user_context = user_context
        self._manager = manager
        self.events: list[WebSocketEvent] = []

    async def get_manager(self) -> "UnifiedWebSocketManager":
        if self._manager is None:
            self._manager = await create_websocket_manager(user_context=self.user_context)
        return self._manager

    async def emit(self, event_type: WebSocketEventType, run_id: str, **payload: Any) -> int:
        manager: WebSocketManagerProtocol = await self.get_manager()
        event = WebSocketEvent(type=event_type, run_id=run_id, payload=payload)
        self.events.append(event)
        return await manager.send_to_user(self.user_context.user_id, event.to_message())

    async def run(self, prompt: str) -> dict[str, Any]:
        run_id = f"run-{uuid.uuid4().hex[:8]}"
        await self.emit(WebSocketEventType.AGENT_STARTED, run_id, prompt=prompt)
        await self.emit(WebSocketEventType.AGENT_THINKING, run_id, thought=f"planning an answer to {prompt!r}")
        answer = prompt[::-1]
        await self.emit(WebSocketEventType.AGENT_COMPLETED, run_id, answer=answer)
        logger.info("run %s finished for %s", run_id, self.user_context.user_id)
        return {"run_id": run_id, "answer": answer}


def is_isolated(manager: "UnifiedWebSocketManager") -> bool:
    return manager.mode is WebSocketManagerMode.ISOLATED


async def handle_agent_request(user_context: Any, prompt: str) -> dict[str, Any]:
    handler = AgentHandler(user_context)
    return await handler.run(prompt)
