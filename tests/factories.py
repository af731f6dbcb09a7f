"""Shared test factories: plain functions that create saved rows with Vietnamese data.

Others may append their factories at the end of this file.
"""

import io
import itertools
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

_seq = itertools.count(1)


def image_file(name="anh.jpg", size=(800, 500), color=(160, 30, 30), fmt="JPEG"):
    """An in-memory uploaded image made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(fmt, "image/gif")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def make_category(name=None, **kwargs):
    from bulletins.models import Category

    n = next(_seq)
    return Category.objects.create(name=name or f"Chuyên mục {n}", **kwargs)


def make_tag(name=None):
    from bulletins.models import Tag

    return Tag.objects.create(name=name or f"Chủ đề {next(_seq)}")


def make_article(title=None, *, category=None, tags=(), published_at=None, **kwargs):
    """A published article (one hour ago unless told) in ``category``."""
    from bulletins.models import Article

    n = next(_seq)
    kwargs.setdefault("status", Article.Status.PUBLISHED)
    kwargs.setdefault("lead", "Sáng nay, Chi bộ tổ chức sinh hoạt chuyên đề.")
    kwargs.setdefault("body", "<p>Nội dung bài viết về hoạt động của Đảng bộ.</p>")
    article = Article.objects.create(
        title=title or f"Tin hoạt động Đảng bộ số {n}",
        category=category or make_category(),
        published_at=published_at
        or timezone.now().replace(microsecond=0) - timedelta(hours=1, minutes=n),
        **kwargs,
    )
    if tags:
        article.tags.set(tags)
    return article


def make_staff(username="bientap", **kwargs):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password="mat-khau-thu", is_staff=True, **kwargs
    )


def make_superuser(username="quantri"):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        username=username, password="mat-khau-thu", email=f"{username}@example.vn"
    )


# --- Congress section (congresses, documents, people, feedback) ---


def pdf_file(name="van-ban.pdf"):
    """A small valid PDF upload."""
    from congress.demo import minimal_pdf

    return SimpleUploadedFile(name, minimal_pdf("Van ban thu"), "application/pdf")


def make_congress(number=None, **kwargs):
    from congress.models import Congress

    n = next(_seq)
    number = number or 10 + n
    kwargs.setdefault("party_committee", "Đảng bộ Sở Khoa học và Công nghệ")
    kwargs.setdefault("term_start", 2000 + n % 150)  # years stay in 1900–2200
    kwargs.setdefault("term_end", kwargs["term_start"] + 5)
    return Congress.objects.create(number=number, **kwargs)


def make_document(title=None, *, published_at=None, **kwargs):
    """A document published one hour ago unless told."""
    from congress.models import Document

    n = next(_seq)
    kwargs.setdefault("issuer", "Đảng ủy Sở Khoa học và Công nghệ")
    kwargs.setdefault("number", f"{n}-KH/ĐU")
    return Document.objects.create(
        title=title or f"Kế hoạch công tác số {n}",
        published_at=published_at
        or timezone.now().replace(microsecond=0) - timedelta(hours=1),
        **kwargs,
    )


def make_open_draft(**kwargs):
    """A draft document open for comments for ten more days."""
    from congress.models import DocumentType

    kwargs.setdefault("doc_type", DocumentType.DRAFT)
    return make_document(
        comments_open=True,
        comments_close_at=timezone.now() + timedelta(days=10),
        **kwargs,
    )


def make_feedback(document, **kwargs):
    from congress.models import Feedback

    n = next(_seq)
    kwargs.setdefault("name", f"Người góp ý {n}")
    kwargs.setdefault("email", f"nguoi{n}@example.vn")
    kwargs.setdefault("content", f"Ý kiến góp ý số {n} về dự thảo.")
    return Feedback.objects.create(document=document, **kwargs)
