from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

SYSTEM_CONTEXT = object()


def handler(manager=WebSocketManager(user_context=SYSTEM_CONTEXT)):
    return manager


import logging  # late

logger = logging.getLogger(__name__)
