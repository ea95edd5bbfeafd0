"""WebSocket interfaces used by the agent services.

Historically every layer declared its own copy of the manager protocol; this
module still carries one of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Optional, Protocol


class WebSocketEventType(str, Enum):
    AGENT_STARTED = "agent_started"
    AGENT_THINKING = "agent_thinking"
    TOOL_EXECUTING = "tool_executing"
    AGENT_COMPLETED = "agent_completed"


@dataclass(frozen=True)
class WebSocketEvent:
    """One event pushed to the browser."""

    type: WebSocketEventType
    run_id: str
    payload: dict[str, Any] = field(default_factory=dict)
    timestamp: float = field(default_factory=time.time)

    def to_message(self) -> dict[str, Any]:
        return {"type": self.type.value, "run_id": self.run_id, "payload": dict(self.payload), "timestamp": self.timestamp}


class WebSocketManagerProtocol(Protocol):
    """Duplicate of websocket_core.protocols.WebSocketManagerProtocol."""

    @property
    def user_id(self) -> Optional[str]: ...

    async def connect(self, websocket: Any, user_id: Optional[str] = None, **metadata: Any) -> Any: ...

    async def disconnect(self, connection_id: str) -> bool: ...

    async def send_to_user(self, user_id: str, message: dict[str, Any]) -> int:
        """Deliver ``message`` to every connection of ``user_id``."""
        ...


__all__ = ["WebSocketEvent", "WebSocketEventType", "WebSocketManagerProtocol"]
