"""Live: the EventHub, SessionActors and the figures they report."""
