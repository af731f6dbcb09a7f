"""Admin for congress."""
