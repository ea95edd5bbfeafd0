"""A helper that happens to share the factory's name."""


def create_websocket_manager(ctx):
    return {"ctx": ctx}


def test_helper():
    assert create_websocket_manager(1) == {"ctx": 1}
