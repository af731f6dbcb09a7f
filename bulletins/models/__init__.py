from .articles import Article, ArticlePhoto, Category, Tag
from .redirects import LegacyRedirect, SlugRedirect
from .transitions import ArticleTransition

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleTransition",
    "Category",
    "LegacyRedirect",
    "SlugRedirect",
    "Tag",
]
