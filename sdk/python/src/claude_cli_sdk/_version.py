"""The SDK's version: the version of the API it was generated from (OpenAPI info.version)."""

__version__ = "1.0.0"
