def create_websocket_manager(ctx):  # a helper of its own, named like the factory function
    return {"ctx": ctx}
