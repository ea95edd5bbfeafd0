"""Reconnect and presence, through the old names and the short import paths."""

import asyncio

from netra_backend.app.services.presence import go_online
from netra_backend.app.websocket_core import (
    WebSocketManager, WebSocketManagerMode, WebSocketConnection,
)
from netra_backend.app.websocket_core.recovery import RecoveryHandler, RecoveryManager, describe, recover


def test_old_names_are_the_manager():
    assert RecoveryManager is RecoveryHandler is WebSocketManager


def test_recover_builds_an_isolated_manager(user_context):
    manager = asyncio.run(recover(user_context))
    assert isinstance(manager, WebSocketManager)
    assert manager.mode is WebSocketManagerMode.ISOLATED
    assert describe(manager).endswith("for user-42")


def test_go_online_connects(user_context, websocket):
    manager = asyncio.run(go_online(user_context, websocket))
    connections = manager.get_user_connections("user-42")
    assert [type(c) for c in connections] == [WebSocketConnection]
