"""Spreadsheet exports that are safe to open in Excel or LibreOffice.

A cell whose text starts with = + - @ | % (or a tab/CR/LF before one) runs as a
formula when a CSV or XLSX is opened (OWASP "CSV injection"). django-import-export's
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading "=", and turns every
number into text, so the project escapes at the resource level instead: such text
gets a leading apostrophe, which spreadsheets show as plain text. On import the
apostrophe is removed again, so export-then-import gives back the same data.
"""

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
    """A ModelResource whose exported text never runs as a formula."""

    def export_field(self, field, instance, **kwargs):
        return neutralize_formula(super().export_field(field, instance, **kwargs))

    def get_queryset(self):
        # The editing site's rows only, for export and for the import's lookups.
        return for_current_site(super().get_queryset())

    def before_import_row(self, row, **kwargs):
        for key in list(row.keys()):
            row[key] = restore_formula_text(row[key])
        super().before_import_row(row, **kwargs)
