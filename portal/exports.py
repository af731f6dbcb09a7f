"""Spreadsheet exports that are safe to open in Excel or LibreOffice.

A cell whose text starts with = + - @ | % (or a tab/CR/LF before one) runs as a
formula when a CSV or XLSX is opened (OWASP "CSV injection"). django-import-export's
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading "=", and turns every
number into text, so the project escapes at the resource level instead: such text
gets a leading apostrophe, which spreadsheets show as plain text. On import the
apostrophe is removed again, so export-then-import gives back the same data.

Column headers are Vietnamese whatever language is active: a column without a
name of its own is headed by its model field's verbose name in Vietnamese
("Tiêu đề", "Chuyên mục"). An import accepts these headers and also the field
names that files exported before (``title``, ``category``) were headed with.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst
from import_export import resources

from .site_admin import for_current_site

FORMULA_PREFIXES = ("=", "+", "-", "@", "|", "%", "\t", "\r", "\n")


def neutralize_formula(value):
    """'=1+1' -> "'=1+1"; numbers, dates and other text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore_formula_text(value):
    """Undo :func:`neutralize_formula` on a value read back from a spreadsheet."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2]:
        if value[1:].startswith(FORMULA_PREFIXES):
            return value[1:]
    return value


class FormulaSafeResource(resources.ModelResource):
    """A ModelResource whose exported text never runs as a formula, with
    Vietnamese column headers."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        with translation.override("vi"):
            for name, field in self.fields.items():
                header = field.column_name
                if header in (name, field.attribute):
                    try:
                        header = model._meta.get_field(field.attribute).verbose_name
                    except (FieldDoesNotExist, TypeError):
                        pass
                field.column_name = capfirst(str(header))

    def before_import(self, dataset, **kwargs):
        # Files exported before the headers were Vietnamese: field names.
        old_names = {
            old: field.column_name
            for name, field in self.fields.items()
            for old in {name, field.attribute}
            if old
        }
        headers = {field.column_name for field in self.fields.values()}
        if dataset.headers:
            dataset.headers = [
                header if header in headers else old_names.get(header, header)
                for header in dataset.headers
            ]
        super().before_import(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        return neutralize_formula(super().export_field(field, instance, **kwargs))

    def get_queryset(self):
        # The editing site's rows only, for export and for the import's lookups.
        return for_current_site(super().get_queryset())

    def before_import_row(self, row, **kwargs):
        for key in list(row.keys()):
            row[key] = restore_formula_text(row[key])
        super().before_import_row(row, **kwargs)
