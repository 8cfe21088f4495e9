"""The Python SDK (sdk/python) and the collections, against the real server."""
