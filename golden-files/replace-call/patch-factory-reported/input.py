from unittest import mock


@mock.patch("netra_backend.app.websocket_core.websocket_manager_factory.create_websocket_manager")
def test_route_uses_factory(factory):
    assert factory is not None
