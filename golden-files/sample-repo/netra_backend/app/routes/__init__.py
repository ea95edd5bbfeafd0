"""HTTP and WebSocket route handlers."""
