"""WebSocket: the endpoint, its protocol, requests, the fan-out of events to sockets."""

from web.ws import protocol
from web.ws.endpoint import websocket
from web.ws.performance import performance_ticker
from web.ws.sockets import Sockets

__all__ = ["Sockets", "performance_ticker", "protocol", "websocket"]
