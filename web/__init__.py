"""The aiohttp front end: REST API, WebSocket, pages and docs."""
