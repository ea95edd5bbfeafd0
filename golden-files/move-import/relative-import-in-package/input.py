from .unified_manager import UnifiedWebSocketManager


def build(ctx):
    return UnifiedWebSocketManager(user_context=ctx)
