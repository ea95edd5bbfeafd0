from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager


def use(manager: UnifiedWebSocketManager) -> None:
    print(manager)
