from .articles import Article, ArticlePhoto, Category, Tag
from .pages import Page
from .redirects import LegacyRedirect, SlugRedirect
from .transitions import ArticleTransition, PageTransition

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleTransition",
    "Category",
    "LegacyRedirect",
    "Page",
    "PageTransition",
    "SlugRedirect",
    "Tag",
]
