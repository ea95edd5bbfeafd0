"""Still on the old factory."""

import netra_backend.app.websocket_core.websocket_manager_factory as factory_module
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync


def make(ctx):
    return factory_module, create_websocket_manager_sync
