from .articles import *  # noqa: F403
from .congress import *  # noqa: F403
