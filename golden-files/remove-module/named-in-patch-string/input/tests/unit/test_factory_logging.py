from unittest import mock


@mock.patch("netra_backend.app.websocket_core.websocket_manager_factory.WebSocketManager")
def test_factory_builds_a_manager(manager_class):
    assert manager_class is not None
