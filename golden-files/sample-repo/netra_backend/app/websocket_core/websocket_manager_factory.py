"""Deprecated factory for WebSocket managers.

The factory predates per-request user contexts. Construct the manager directly::

    WebSocketManager(user_context=user_context)
"""

from __future__ import annotations

import warnings

from .unified_manager import UnifiedWebSocketManager, WebSocketManagerMode

IsolatedWebSocketManager = UnifiedWebSocketManager

_DEPRECATION = (
    "netra_backend.app.websocket_core.websocket_manager_factory is deprecated: "
    "use WebSocketManager(user_context=...) from netra_backend.app.websocket_core.websocket_manager"
)


def _warn() -> None:
    warnings.warn(_DEPRECATION, DeprecationWarning, stacklevel=3)


async def create_websocket_manager(user_context):
    """Deprecated: ``WebSocketManager(user_context=user_context)``."""
    _warn()
    return UnifiedWebSocketManager(user_context=user_context)


def create_websocket_manager_sync(user_context):
    """Deprecated: ``WebSocketManager(user_context=user_context)``."""
    _warn()
    return UnifiedWebSocketManager(user_context=user_context)


class WebSocketManagerFactory:
    """Deprecated: managers are cheap, build them directly."""

    def __init__(self, default_mode: WebSocketManagerMode | None = None):
        self.default_mode = default_mode

    @classmethod
    def create(cls, user_context):
        _warn()
        return UnifiedWebSocketManager(user_context=user_context)

    @classmethod
    def create_isolated(cls, user_context):
        _warn()
        return IsolatedWebSocketManager(user_context=user_context)

    def __call__(self, user_context):
        _warn()
        return UnifiedWebSocketManager(user_context=user_context, mode=self.default_mode)


_factory = WebSocketManagerFactory()


def get_websocket_manager_factory() -> WebSocketManagerFactory:
    """Deprecated: returns the process-wide factory."""
    return _factory


__all__ = [
    "IsolatedWebSocketManager",
    "WebSocketManagerFactory",
    "create_websocket_manager",
    "create_websocket_manager_sync",
    "get_websocket_manager_factory",
]
