"""Agent routes: start runs and stream their events."""

from __future__ import annotations

from typing import Any

import netra_backend.app.websocket_core.websocket_manager_factory as factory
from netra_backend.app.services.agent_handler import AgentHandler
from netra_backend.app.websocket_core.manager import WebSocketManager
from netra_backend.app.websocket_core.websocket_manager_factory import WebSocketManagerFactory


async def start_agent_run(user_context: Any, prompt: str) -> dict[str, Any]:
    manager = await factory.create_websocket_manager(user_context=user_context)
    handler = AgentHandler(user_context, manager=manager)
    result = await handler.run(prompt)
    return {**result, "events": len(handler.events)}


async def start_isolated_run(user_context: Any, prompt: str) -> dict[str, Any]:
    manager: WebSocketManager = WebSocketManagerFactory.create_isolated(user_context)
    handler = AgentHandler(user_context, manager=manager)
    return await handler.run(prompt)


async def admin_broadcast(user_id: str, text: str) -> int:
    """Old admin tool; still passes a bare user id (the factory never accepted that)."""
    manager = await factory.create_websocket_manager(user_id=user_id)
    return await manager.broadcast({"type": "admin", "text": text})


ROUTES = {
    "POST /agents/run": start_agent_run,
    "POST /agents/run-isolated": start_isolated_run,
    "POST /admin/broadcast": admin_broadcast,
}