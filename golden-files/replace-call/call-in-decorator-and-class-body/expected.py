import functools

from netra_backend.app.websocket_core.websocket_manager import WebSocketManager

CONTEXT = object()


@functools.lru_cache(maxsize=WebSocketManager(user_context=CONTEXT).connection_count + 1)
def cached():
    return 1


class Registry:
    default = WebSocketManager(user_context=CONTEXT)

    def build(self, ctx):
        return WebSocketManager(user_context=ctx)


import logging  # late

logger = logging.getLogger(__name__)
