import functools

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager_sync

CONTEXT = object()


@functools.lru_cache(maxsize=create_websocket_manager_sync(CONTEXT).connection_count + 1)
def cached():
    return 1


class Registry:
    default = create_websocket_manager_sync(CONTEXT)

    def build(self, ctx):
        return create_websocket_manager_sync(ctx)


import logging  # late

logger = logging.getLogger(__name__)
