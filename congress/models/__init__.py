from .congresses import Congress, Person, PersonPosition
from .documents import (
    Document,
    DocumentFile,
    DocumentType,
    Feedback,
    FeedbackStatus,
    FileKind,
)
from .issuers import Issuer
from .media import Media, MediaKind, PhotoReport, PhotoReportImage

__all__ = [
    "Congress",
    "Document",
    "DocumentFile",
    "DocumentType",
    "Feedback",
    "FeedbackStatus",
    "FileKind",
    "Issuer",
    "Media",
    "MediaKind",
    "Person",
    "PersonPosition",
    "PhotoReport",
    "PhotoReportImage",
]
