"""HTTP plumbing: endpoint declarations, validation, envelope, errors, middlewares, OpenAPI."""
