from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


class Handler:
	async def handle(self, ctx):
		if ctx:
			return await create_websocket_manager(ctx)
		return None
