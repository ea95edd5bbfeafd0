"""A module with a block of late imports at the bottom (an old trick against import cycles)."""

import logging

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

logger = logging.getLogger(__name__)


def build(ctx):
    return WebSocketManager(user_context=ctx)


from netra_backend.app.services import late_helpers  # noqa: E402  (cycle breaker)
