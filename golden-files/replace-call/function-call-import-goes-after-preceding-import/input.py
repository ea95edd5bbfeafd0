"""A module with a block of late imports at the bottom (an old trick against import cycles)."""

import logging

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

logger = logging.getLogger(__name__)


def build(ctx):
    return create_websocket_manager_sync(ctx)


from netra_backend.app.services import late_helpers  # noqa: E402  (cycle breaker)
