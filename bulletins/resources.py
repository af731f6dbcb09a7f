"""django-import-export resources: articles and categories, CSV and XLSX.

Rows are matched by slug, so exporting and importing the file again gives the
same data (and an edited file updates the matching rows).
"""

from django.db import models
from import_export import fields, resources, widgets

from .models import Article, Category, Tag

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class BlankTextMixin:
    """Empty spreadsheet cells import as "" for text columns (they are never NULL)."""

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, (models.CharField, models.TextField)):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default=default)


class CategoryResource(BlankTextMixin, resources.ModelResource):
    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=widgets.ForeignKeyWidget(Category, field="slug"),
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
            tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
            tags.append(tag.pk)
        return Tag.objects.filter(pk__in=tags)


class ArticleResource(BlankTextMixin, resources.ModelResource):
    category = fields.Field(
        attribute="category",
        column_name="category",
        widget=widgets.ForeignKeyWidget(Category, field="slug"),
    )
    tags = fields.Field(attribute="tags", column_name="tags", widget=TagsWidget())
    published_at = fields.Field(
        attribute="published_at",
        column_name="published_at",
        widget=widgets.DateTimeWidget(format=DATETIME_FORMAT),
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
        return Article.objects.select_related("category").prefetch_related("tags")
