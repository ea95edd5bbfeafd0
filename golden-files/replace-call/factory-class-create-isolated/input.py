from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory


def isolated(ctx):
    return WebSocketManagerFactory.create_isolated(ctx)


def shared(ctx):
    return WebSocketManagerFactory.create(user_context=ctx)
