"""The web process's line to the actor runtime: the bridge and announcing events."""
