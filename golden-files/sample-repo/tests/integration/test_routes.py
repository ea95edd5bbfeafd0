"""End-to-end tests for the route handlers and services."""

import asyncio
import json
from unittest import mock

from netra_backend.app.routes import agents as agent_routes
from netra_backend.app.routes.websocket import handle_message, open_pair, send_system_notice, websocket_endpoint
from netra_backend.app.services.legacy_bridge import LegacyPushBridge, bridge_for
from netra_backend.app.services.notifications import Notification, build_emergency_manager, notify_user
from netra_backend.app.websocket_core import WebSocketManagerMode, get_websocket_manager_factory


def test_endpoint_then_messages(user_context, websocket):
    async def scenario():
        manager = await websocket_endpoint(websocket, user_context)
        ack = await handle_message(user_context, json.dumps({"id": 1, "text": "hi"}))
        notice = await send_system_notice(user_context, "maintenance at 2am")
        return manager, ack, notice

    manager, ack, notice = asyncio.run(scenario())
    assert ack == {"type": "ack", "id": 1, "echo": "hi"}
    assert notice == 0  # a fresh manager has no connections
    assert websocket.sent[0]["type"] == "connected"
    assert manager.connection_count == 1


def test_open_pair_gives_one_manager_per_user(user_context, other_user_context):
    primary, secondary = asyncio.run(open_pair(user_context, other_user_context))
    assert primary.user_id == "user-42"
    assert secondary.user_id == "user-7"


def test_agent_routes(user_context):
    result = asyncio.run(agent_routes.start_agent_run(user_context, "route"))
    isolated = asyncio.run(agent_routes.start_isolated_run(user_context, "iso"))
    assert result["answer"] == "etuor" and result["events"] == 3
    assert isolated["answer"] == "osi"


def test_notifications_and_bridge(user_context, websocket):
    async def scenario():
        bridge = await bridge_for(user_context)
        await bridge.manager.connect(websocket)
        greeted = await bridge.greet(user_context.user_id, "fr")
        queued = await notify_user(user_context, Notification("Build", "green"))
        return greeted, queued

    greeted, queued = asyncio.run(scenario())
    assert greeted == 1 and queued == 0
    assert websocket.sent == [{"type": "v1.greeting", "text": "Salut à toi"}]
    assert LegacyPushBridge.isolated(user_context).manager.mode is WebSocketManagerMode.ISOLATED


def test_factory_call_and_emergency_mode(user_context):
    manager = get_websocket_manager_factory()(user_context)
    emergency = build_emergency_manager(user_context)
    assert manager.mode is WebSocketManagerMode.ISOLATED
    assert emergency.mode is WebSocketManagerMode.EMERGENCY


def test_notify_user_goes_through_send_to_user(user_context):
    with mock.patch(
        "netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager.send_to_user",
        new_callable=mock.AsyncMock,
        return_value=3,
    ) as send_to_user:
        delivered = asyncio.run(notify_user(user_context, Notification("Deploy", "done", level="success")))
    assert delivered == 3
    send_to_user.assert_awaited_once()
    assert send_to_user.await_args.args[1]["level"] == "success"
