"""Cleavr Connect: the partner API for amicable debt recovery."""

__version__ = "0.1.0"
