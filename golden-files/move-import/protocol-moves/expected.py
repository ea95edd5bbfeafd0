from netra_backend.app.core.interfaces_websocket import WebSocketEvent
from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol


def send(manager: WebSocketManagerProtocol, event: WebSocketEvent):
    return manager.send_to_user(event.user_id, event.to_message())
