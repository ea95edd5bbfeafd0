from unittest import mock


@mock.patch("netra_backend.app.websocket_core.websocket_manager.WebSocketManager.send_to_user")
def test_send(send):
    with mock.patch("netra_backend.app.websocket_core.websocket_manager.WebSocketManager") as manager:
        assert manager is not None
    assert send is not None
