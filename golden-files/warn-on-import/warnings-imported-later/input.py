"""Legacy import path."""

import logging
import warnings

from .websocket_manager import WebSocketManager

logger = logging.getLogger(__name__)
