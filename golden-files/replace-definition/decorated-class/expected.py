"""Manager protocol, checkable at run time."""



# Compatibility re-export: the canonical WebSocketManagerProtocol lives in netra_backend.app.websocket_core.protocols.
from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol

# Comment about what follows: it stays.
def helper() -> int:
    return 1


__all__ = ["WebSocketManagerProtocol", "helper"]
