from .articles import Article, ArticlePhoto, Category, Tag
from .pages import Page
from .redirects import LegacyRedirect, SlugRedirect
from .transitions import ArticleTransition

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleTransition",
    "Category",
    "LegacyRedirect",
    "Page",
    "SlugRedirect",
    "Tag",
]
