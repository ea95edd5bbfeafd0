"""Unit tests for the agent handler."""

import asyncio
from unittest.mock import patch

from netra_backend.app.core.interfaces_websocket import WebSocketEventType, WebSocketManagerProtocol
from netra_backend.app.services.agent_handler import AgentHandler, handle_agent_request, is_isolated
from netra_backend.app.websocket_core.manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import (
    WebSocketManagerFactory,
    create_websocket_manager,
    create_websocket_manager_sync,
)


def test_handler_streams_events(user_context, websocket):
    manager = create_websocket_manager_sync(user_context)
    asyncio.run(manager.connect(websocket))
    result = asyncio.run(AgentHandler(user_context, manager=manager).run("hello"))
    assert result["answer"] == "olleh"
    assert [m["type"] for m in websocket.sent] == ["agent_started", "agent_thinking", "agent_completed"]


def test_handler_builds_its_own_manager(user_context):
    with patch(
        "netra_backend.app.services.agent_handler.create_websocket_manager",
        wraps=create_websocket_manager,
    ):
        handler = AgentHandler(user_context)
        manager = asyncio.run(handler.get_manager())
    assert isinstance(manager, WebSocketManager)
    assert manager.user_context is user_context


def test_isolated_managers(user_context, other_user_context):
    first = WebSocketManagerFactory.create_isolated(user_context)
    second = WebSocketManagerFactory.create_isolated(other_user_context)
    shared = WebSocketManagerFactory.create(user_context)
    assert first is not second
    assert is_isolated(first) and is_isolated(second)
    assert is_isolated(shared)  # every manager built for one user's context is isolated


def test_handle_agent_request(user_context):
    result = asyncio.run(handle_agent_request(user_context, "abc"))
    assert result["answer"] == "cba"


def test_events_follow_the_protocol(user_context):
    handler = AgentHandler(user_context)
    manager: WebSocketManagerProtocol = asyncio.run(handler.get_manager())
    asyncio.run(handler.emit(WebSocketEventType.TOOL_EXECUTING, "run-9", tool="search"))
    assert manager.user_id == "user-42"
    assert handler.events[0].to_message()["payload"] == {"tool": "search"}
