"""Application package: routes, services and the WebSocket core."""
