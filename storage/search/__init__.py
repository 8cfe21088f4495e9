"""The API's search syntax: parsed into a tree, then turned into SQL."""
