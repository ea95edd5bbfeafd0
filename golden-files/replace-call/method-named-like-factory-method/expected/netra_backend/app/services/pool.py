from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class Pool:
    def create(self, ctx):
        return WebSocketManager(user_context=ctx)


def create(ctx):
    return Pool().create(ctx)
