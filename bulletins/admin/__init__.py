from . import articles, congress  # noqa: F401
