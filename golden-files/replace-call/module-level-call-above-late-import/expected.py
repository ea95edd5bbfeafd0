from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

SYSTEM_CONTEXT = object()
SYSTEM_MANAGER = WebSocketManager(user_context=SYSTEM_CONTEXT)

import logging  # a late import: a new import must go above the use, not after this line

logger = logging.getLogger(__name__)


def build(ctx):
    return WebSocketManager(user_context=ctx)
