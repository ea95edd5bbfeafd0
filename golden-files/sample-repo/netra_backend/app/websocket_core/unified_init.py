"""Compatibility module from the 2024 "unified init" refactor."""

from .manager import WebSocketManager

__all__ = ["WebSocketManager"]
