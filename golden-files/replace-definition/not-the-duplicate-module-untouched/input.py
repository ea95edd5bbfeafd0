"""A module that happens to define a class of the same name: not the duplicate."""

from typing import Protocol


class WebSocketManagerProtocol(Protocol):
    def send(self, message: dict) -> None: ...
