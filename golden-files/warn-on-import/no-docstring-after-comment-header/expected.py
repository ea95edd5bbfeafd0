#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Copyright Netra.
import warnings
warnings.warn("netra_backend.app.websocket_core.manager is deprecated; use from netra_backend.app.websocket_core.websocket_manager import WebSocketManager", DeprecationWarning, stacklevel=2)

# Re-exports for old callers.
from .websocket_manager import WebSocketManager
