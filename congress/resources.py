"""Export of citizens' feedback (django-import-export), safe to open in Excel.

Text that a spreadsheet would run as a formula is neutralized by
``portal.exports.FormulaSafeResource``.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from portal.exports import FormulaSafeResource

from .models import Feedback


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
