"""Connection metrics; Python 3.12 f-strings (PEP 701): the same quote nests."""
from netra_backend.app.websocket_core.manager import WebSocketManager


def render(rows):
    return f"{'; '.join(f'{r['user']}={r["count"]}' for r in rows)}"


def manager_type():
    return WebSocketManager
