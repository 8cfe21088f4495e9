"""What the server says about itself: the OpenAPI document built from the route table and its
models (served as OpenAPI 3.0.3), its examples from the API document, Swagger UI, and the
Postman and Insomnia collections made from the document."""

from web.openapi import document
from web.openapi.collections import add_collections
from web.openapi.document import add_docs, build_spec

__all__ = ["add_collections", "add_docs", "build_spec", "document"]
