from netra_backend.app import aliases


async def build(ctx):
    return await aliases.build_manager(ctx)
