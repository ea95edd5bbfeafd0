
# Compatibility re-export: the canonical WebSocketManagerProtocol lives in netra_backend.app.websocket_core.protocols.
from netra_backend.app.websocket_core.protocols import WebSocketManagerProtocol