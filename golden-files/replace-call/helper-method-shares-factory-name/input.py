"""A test double whose method happens to share the factory's name."""


class FakeFactory:
    def create_websocket_manager(self, ctx):
        return {"ctx": ctx}


def test_fake():
    assert FakeFactory().create_websocket_manager(1) == {"ctx": 1}
