from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def use(manager: WebSocketManager) -> None:
    print(manager)
