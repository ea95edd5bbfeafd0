import asyncio

from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager


async def open_all(contexts):
    return await asyncio.gather(*(create_websocket_manager(ctx) for ctx in contexts))


async def open_two(a, b):
    return await asyncio.gather(create_websocket_manager(a), create_websocket_manager(b))
