class WebSocketManager:
    def __init__(self, user_context=None):
        self.user_context = user_context
