"""The JavaScript SDK (sdk/js) tested by Node's own test runner against the real server."""
