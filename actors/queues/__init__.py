"""Queues: a QueueActor per priority and the pure dispatch decision."""
