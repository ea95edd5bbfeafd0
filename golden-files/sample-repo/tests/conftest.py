"""Shared fixtures: fake request contexts and fake sockets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class FakeUserContext:
    user_id: str
    thread_id: str = "thread-1"
    run_id: str = "run-1"
    request_id: str = "req-1"


@dataclass
class FakeWebSocket:
    """Records what the manager sends; ``closed`` mimics Starlette's flag."""

    sent: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False

    async def send_json(self, message: dict[str, Any]) -> None:
        if self.closed:
            raise RuntimeError("socket is closed")
        self.sent.append(message)


@pytest.fixture
def user_context() -> FakeUserContext:
    return FakeUserContext(user_id="user-42")


@pytest.fixture
def other_user_context() -> FakeUserContext:
    return FakeUserContext(user_id="user-7", thread_id="thread-9")


@pytest.fixture
def websocket() -> FakeWebSocket:
    return FakeWebSocket()


@pytest.fixture
def make_websocket():
    return FakeWebSocket
