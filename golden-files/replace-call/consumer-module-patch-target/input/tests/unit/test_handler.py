from unittest import mock

from netra_backend.app.services.handler import handle


@mock.patch("netra_backend.app.services.handler.create_websocket_manager")
def test_handle(factory):
    assert handle is not None
