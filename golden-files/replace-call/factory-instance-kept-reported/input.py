from netra_backend.app.websocket_core.websocket_manager_factory import get_websocket_manager_factory

FACTORY = get_websocket_manager_factory()


def build(ctx):
    return FACTORY(ctx)
