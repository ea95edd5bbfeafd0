"""WebSocket interfaces."""

from enum import Enum
from typing import Protocol


class WebSocketEventType(str, Enum):
    AGENT_STARTED = "agent_started"


class WebSocketManagerProtocol(Protocol):
    async def send_to_user(self, user_id: str, message: dict) -> int: ...
