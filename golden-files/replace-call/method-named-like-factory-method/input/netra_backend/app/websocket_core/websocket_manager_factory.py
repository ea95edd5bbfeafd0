"""Deprecated factory (a stub: the case needs the module to exist)."""


class WebSocketManagerFactory:
    @staticmethod
    def create(user_context):
        return user_context
