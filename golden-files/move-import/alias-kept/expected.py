from netra_backend.app.websocket_core.websocket_manager import WebSocketManager as Manager


def build(ctx) -> Manager:
    return Manager(user_context=ctx)
