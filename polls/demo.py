"""Demo content for this app (filled in as the app grows)."""


def seed(stdout=None):
    return None
