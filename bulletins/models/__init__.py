from .articles import Article, ArticlePhoto, Category, LegacyKind, Tag
from .pages import Page
from .redirects import JoomlaImportRun, LegacyRedirect, SlugRedirect
from .transitions import ArticleTransition

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleTransition",
    "Category",
    "JoomlaImportRun",
    "LegacyKind",
    "LegacyRedirect",
    "Page",
    "SlugRedirect",
    "Tag",
]
