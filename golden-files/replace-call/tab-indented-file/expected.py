from netra_backend.app.websocket_core.websocket_manager import WebSocketManager


class Handler:
	async def handle(self, ctx):
		if ctx:
			return WebSocketManager(user_context=ctx)
		return None
