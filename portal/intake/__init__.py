"""The client intake journey."""
