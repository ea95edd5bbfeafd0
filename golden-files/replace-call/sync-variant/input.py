import logging

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

logger = logging.getLogger(__name__)


def build(ctx):
    logger.info("building")
    return create_websocket_manager_sync(ctx)
