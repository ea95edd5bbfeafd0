from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

SYSTEM_CONTEXT = object()
SYSTEM_MANAGER = create_websocket_manager_sync(SYSTEM_CONTEXT)

import logging  # a late import: a new import must go above the use, not after this line

logger = logging.getLogger(__name__)


def build(ctx):
    return create_websocket_manager_sync(ctx)
