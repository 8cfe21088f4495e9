"""WebSocket: the endpoint, its protocol, requests, the fan-out of events to sockets."""
