"""What the server says about itself: the OpenAPI document built from the route table and its
models (served as OpenAPI 3.0.3), its examples from the API document, and Swagger UI."""

from web.openapi import document
from web.openapi.document import add_docs, build_spec

__all__ = ["add_docs", "build_spec", "document"]
