"""django-import-export resources: articles and categories, CSV and XLSX.

Rows are matched by slug, so exporting and importing the file again gives the
same data (and an edited file updates the matching rows).
"""

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext as _
from import_export import fields, widgets

from portal import editor_media
from portal.exports import FormulaSafeResource

from .models import Article, Category, Tag

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class BlankTextMixin:
    """Empty spreadsheet cells import as "" for text columns (they are never NULL)."""

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, (models.CharField, models.TextField)):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default=default)


class CategorySlugWidget(widgets.ForeignKeyWidget):
    """A category by slug; an unknown slug is a row error in Vietnamese."""

    def __init__(self):
        super().__init__(Category, field="slug")

    def get_queryset(self, value, row, *args, **kwargs):
        return Category.objects.for_site()

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Category.DoesNotExist:
            raise ValueError(
                _("There is no category with the slug “%(slug)s”.") % {"slug": value}
            ) from None


class CategoryResource(BlankTextMixin, FormulaSafeResource):
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=CategorySlugWidget()
    )

    class Meta:
        model = Category
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "parent",
            "description",
            "order",
            "is_active",
            "show_on_home",
        ]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True


class TagsWidget(widgets.ManyToManyWidget):
    """Tags by name, separated by ";"; unknown names are created."""

    def __init__(self):
        super().__init__(Tag, separator=";", field="name")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return Tag.objects.none()
        names = [n.strip() for n in str(value).split(self.separator) if n.strip()]
        tags = []
        for name in names:
            tag = Tag.objects.for_site().filter(
                name=name
            ).first() or Tag.objects.create(name=name)
            tags.append(tag.pk)
        return Tag.objects.filter(pk__in=tags)


class StoredPhotoWidget(widgets.Widget):
    """A photo already in the site's storage, by its path (as exported).

    The round trip export → import keeps every uploaded photo (uploaded in the
    admin, the demo's, the Joomla import's): the path is read back as the same
    stored file. A path the storage does not hold, one climbing out of it, or one
    of the rich-text editor's private images is a row error in Vietnamese.
    """

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return ""
        try:
            found = not name.startswith(
                f"{editor_media.EDITOR_FOLDER}/"
            ) and default_storage.exists(name)
        except SuspiciousFileOperation:
            found = False
        if not found:
            raise ValueError(
                _("There is no photo “%(name)s” in the site's storage.")
                % {"name": name}
            )
        return name

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "name", value) or ""


class ArticleResource(BlankTextMixin, FormulaSafeResource):
    category = fields.Field(
        attribute="category", column_name="category", widget=CategorySlugWidget()
    )
    tags = fields.Field(attribute="tags", column_name="tags", widget=TagsWidget())
    published_at = fields.Field(
        attribute="published_at",
        column_name="published_at",
        widget=widgets.DateTimeWidget(format=DATETIME_FORMAT),
    )
    featured_image = fields.Field(
        attribute="featured_image",
        column_name="featured_image",
        widget=StoredPhotoWidget(),
    )

    class Meta:
        model = Article
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "category",
            "status",
            "published_at",
            "is_featured",
            "lead",
            "body",
            "authors",
            "photographer",
            "source_line",
            "issue_label",
            "tags",
            "featured_image",
            "featured_image_alt",
            "featured_image_caption",
            "featured_image_credit",
        ]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        return (
            Article.objects.for_site()
            .select_related("category")
            .prefetch_related("tags")
        )

    # Statuses an importer without the right to publish may set or overwrite.
    UNPUBLISHED = {Article.Status.DRAFT, Article.Status.REVIEW}

    def import_instance(self, instance, row, **kwargs):
        """Imports obey the workflow: only publishers set or touch public states.

        ``user`` is passed by the admin import; imports run from code (tests,
        management commands) have no user and are not limited.
        """
        before = (
            Article.objects.filter(pk=instance.pk)
            .values_list("status", flat=True)
            .first()
            if instance.pk
            else None
        )
        super().import_instance(instance, row, **kwargs)
        user = kwargs.get("user")
        if user is None or user.has_perm("bulletins.publish_article"):
            return
        states = {instance.status} | ({before} if before else set())
        if not states <= self.UNPUBLISHED:
            raise ValidationError(
                {
                    "status": _(
                        "Only the head of the editorial board may import articles "
                        "that are approved, published or withdrawn."
                    )
                }
            )
