from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

SYSTEM_CONTEXT = object()


def handler(manager=create_websocket_manager_sync(SYSTEM_CONTEXT)):
    return manager


import logging  # late

logger = logging.getLogger(__name__)
