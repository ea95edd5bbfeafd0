"""WebSocket interfaces used by the agent services.

Historically every layer declared its own copy of the manager protocol; this
module still carries one of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


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


# Compatibility re-export: the canonical WebSocketManagerProtocol lives in netra_backend.app.websocket_core.protocols.
from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol


__all__ = ["WebSocketEvent", "WebSocketEventType", "WebSocketManagerProtocol"]
