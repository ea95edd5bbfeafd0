"""Manager protocol, checkable at run time."""

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
@some.decorator(
    option=True,
)
class WebSocketManagerProtocol(Protocol):
    async def connect(self, websocket: Any) -> Any: ...

    async def disconnect(self, connection_id: str) -> bool: ...
    # Indented comment: still part of the class body.

# Comment about what follows: it stays.
def helper() -> int:
    return 1


__all__ = ["WebSocketManagerProtocol", "helper"]
