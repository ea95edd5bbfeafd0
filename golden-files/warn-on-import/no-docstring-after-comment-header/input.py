#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# Copyright Netra.

# Re-exports for old callers.
from .websocket_manager import WebSocketManager
