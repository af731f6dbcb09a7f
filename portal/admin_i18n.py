"""The admin in Vietnamese where Django's machinery shows English kept in the
database or made from code names.

- Permission names are stored in English when a model is migrated ("Can add
  article"); the group and user forms list them by ``permission_label``:
  "Tin bài | tin bài | Thêm", custom permissions by their translated name.
- Apps without a Vietnamese name (django-axes, django-reversion, sessions) get one
  (``localize_admin``, from ``PortalConfig.ready``).
- Django writes the ticks of yes/no columns with ``alt="True"``/``"False"``/
  ``"None"`` (English, read aloud by screen readers); ``localize_admin`` replaces
  that one helper with one saying "Có", "Không", "Chưa xác định".
- django-import-export labels the export's column checkboxes with the field's
  code name title-cased ("Featured Image (Ảnh đại diện)"); ``ExportForm`` uses the
  Vietnamese column header alone (portal/exports.py).

Field names in the admin's history ("Đã thay đổi Tiêu đề") are translated by the
catalogue (portal/locale/vi): Django stores the English labels and translates them
when the history is shown; tests/portal/test_admin_vietnamese.py checks that every
model field has its label there.
"""

from django import forms
from django.apps import apps
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

ACTIONS = {
    "add": _("permission to add"),
    "change": _("permission to change"),
    "delete": _("permission to delete"),
    "view": _("permission to view"),
}

APP_NAMES = {
    "axes": _("Login safety"),
    "reversion": _("Revisions"),
    "sessions": _("Sessions"),
}


def permission_label(permission):
    """ "Tin bài | tin bài | Thêm" for a model's own permissions; a custom
    permission by its (translated) name."""
    content_type = permission.content_type
    model = content_type.model_class()
    app = apps.get_app_config(content_type.app_label).verbose_name
    if model is None:
        return f"{capfirst(app)} | {content_type.model} | {gettext(permission.name)}"
    action, _sep, model_name = permission.codename.partition("_")
    if action in ACTIONS and model_name == model._meta.model_name:
        what = capfirst(ACTIONS[action])
    else:
        what = gettext(permission.name)
    return f"{capfirst(app)} | {model._meta.verbose_name} | {what}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.select_related("content_type"), **kwargs)

    def label_from_instance(self, obj):
        return permission_label(obj)


def boolean_icon(field_val):
    """Django's ``admin_list._boolean_icon`` with a Vietnamese text alternative."""
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text[field_val]
    )


def localize_admin():
    """Called once from ``PortalConfig.ready``."""
    admin_list._boolean_icon = boolean_icon
    for label, name in APP_NAMES.items():
        try:
            apps.get_app_config(label).verbose_name = name
        except LookupError:  # not installed
            continue


class ExportForm(SelectableFieldsExportForm):
    """The export's column checkboxes labelled by the Vietnamese headers."""

    def _get_field_label(self, resource, field_name):
        field = resource().fields.get(field_name)  # headers are set per instance
        return field.column_name if field is not None else field_name
