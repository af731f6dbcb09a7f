"""Export of citizens' feedback (django-import-export), safe to open in Excel.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a
leading "=", so "+", "-", "@", tab and carriage return would still start a formula
in a spreadsheet. Every text cell starting with one of them is prefixed with an
apostrophe here (the OWASP "CSV injection" advice), before any format sees it.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import Feedback

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralize_formula(value):
    """'=1+1' -> "'=1+1"; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return neutralize_formula(super().export_field(field, instance, **kwargs))


class FeedbackResource(FormulaSafeResource):
    document_number = fields.Field(
        attribute="document__number", column_name=_("document number")
    )
    document_title = fields.Field(
        attribute="document__title", column_name=_("document")
    )
    status_label = fields.Field(column_name=_("status"))

    class Meta:
        model = Feedback
        fields = (
            "id",
            "document_number",
            "document_title",
            "name",
            "email",
            "phone",
            "section",
            "content",
            "status_label",
            "created_at",
            "moderated_at",
        )
        export_order = fields

    def dehydrate_status_label(self, feedback):
        return str(feedback.get_status_display())

    def get_queryset(self):
        return super().get_queryset().select_related("document")
