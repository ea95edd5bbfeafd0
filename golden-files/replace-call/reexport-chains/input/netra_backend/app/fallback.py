def create_websocket_manager(user_context):
    return user_context
