from netra_backend.app.shortcuts import make_manager


async def build(ctx):
    return await make_manager(ctx)
