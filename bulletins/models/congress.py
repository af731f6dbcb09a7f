"""congress models."""

__all__ = []
