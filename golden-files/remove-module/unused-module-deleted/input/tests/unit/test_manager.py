from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


def test_manager_keeps_context():
    assert WebSocketManager(user_context=1).user_context == 1
