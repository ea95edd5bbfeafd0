from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory


class Pool:
    def create(self, ctx):
        return WebSocketManagerFactory.create(user_context=ctx)


def create(ctx):
    return Pool().create(ctx)
