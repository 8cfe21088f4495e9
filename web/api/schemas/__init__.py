"""The REST resources' request and response models, one module per resource.

Request models validate input and document it; each response model's `of(...)` renders the
stored objects (the one place per resource that decides what a client sees).
"""
