"""Unit tests for the WebSocket manager and its import paths."""

import asyncio
import importlib
from unittest import mock

from netra_backend.app.websocket_core import WebSocketManager as PackageManager
from netra_backend.app.websocket_core.unified_manager import UnifiedWebSocketManager, WebSocketManagerMode
from netra_backend.app.websocket_core.websocket_manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


def test_all_import_paths_are_the_same_class():
    legacy = importlib.import_module("netra_backend.app.websocket_core.manager")
    unified_init = importlib.import_module("netra_backend.app.websocket_core.unified_init")
    assert legacy.WebSocketManager is WebSocketManager
    assert unified_init.WebSocketManager is WebSocketManager
    assert PackageManager is UnifiedWebSocketManager is WebSocketManager


def test_connect_send_disconnect(user_context, websocket):
    async def scenario():
        manager = await create_websocket_manager(user_context)
        connection = await manager.connect(websocket)
        delivered = await manager.send_to_user(user_context.user_id, {"type": "ping"})
        removed = await manager.disconnect(connection.connection_id)
        return manager, delivered, removed

    manager, delivered, removed = asyncio.run(scenario())
    assert delivered == 1
    assert removed is True
    assert websocket.sent == [{"type": "ping"}]
    assert manager.connection_count == 0
    assert manager.mode is WebSocketManagerMode.ISOLATED


def test_messages_for_offline_users_go_to_outbox(user_context):
    manager = WebSocketManager(user_context=user_context)
    delivered = asyncio.run(manager.send_to_user("nobody", {"type": "hello"}))
    assert delivered == 0
    assert manager.outbox == [("nobody", {"type": "hello"})]


@mock.patch("netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager.send_to_user")
def test_broadcast_calls_send_to_user_per_user(send_to_user, user_context, make_websocket):
    send_to_user.return_value = 1

    async def scenario():
        manager = await create_websocket_manager(user_context=user_context)
        await manager.connect(make_websocket(), user_id="a")
        await manager.connect(make_websocket(), user_id="b")
        return await manager.broadcast({"type": "news"})

    assert asyncio.run(scenario()) == 2
    assert sorted(call.args[0] for call in send_to_user.await_args_list) == ["a", "b"]


def test_closed_sockets_are_not_active(user_context, make_websocket):
    manager = WebSocketManager(user_context=user_context)
    open_socket, closed_socket = make_websocket(), make_websocket()
    asyncio.run(manager.connect(open_socket))
    asyncio.run(manager.connect(closed_socket))
    closed_socket.closed = True
    assert manager.connection_count == 1
    with mock.patch.object(UnifiedWebSocketManager, "disconnect", new_callable=mock.AsyncMock) as disconnect:
        asyncio.run(manager.close_all())
    assert disconnect.await_count == 2
