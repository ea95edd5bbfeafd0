from unittest import mock

from netra_backend.app.compat import UnifiedWebSocketManager
from netra_backend.app.short import Manager


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx), Manager


def patched():
    return mock.patch("netra_backend.app.compat.UnifiedWebSocketManager.connect")
