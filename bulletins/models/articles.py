"""articles models."""

__all__ = []
