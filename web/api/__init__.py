"""REST resources: one module per resource, each a set of declared endpoints."""
