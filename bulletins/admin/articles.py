"""Admin for articles."""
