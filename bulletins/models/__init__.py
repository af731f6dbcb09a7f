from .articles import Article, ArticlePhoto, Category, LegacyKind, Tag
from .curation import HomePin
from .library import LibraryPhoto
from .pages import Page
from .redirects import JoomlaImportRun, LegacyRedirect, SlugRedirect
from .transitions import ArticleTransition, PageTransition

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleTransition",
    "Category",
    "HomePin",
    "JoomlaImportRun",
    "LegacyKind",
    "LegacyRedirect",
    "LibraryPhoto",
    "Page",
    "PageTransition",
    "SlugRedirect",
    "Tag",
]
