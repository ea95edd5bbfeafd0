"""Legacy import path, nothing else."""

import warnings
warnings.warn("netra_backend.app.websocket_core.manager is deprecated; use from netra_backend.app.websocket_core.websocket_manager import WebSocketManager", DeprecationWarning, stacklevel=2)