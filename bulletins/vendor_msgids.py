"""Texts of django-import-export, django-reversion and django-reversion-compare
that their packages do not translate into Vietnamese.

They are only listed here so that ``makemessages`` puts them in this app's
catalogue (bulletins/locale/vi), where the admin finds them; nothing imports this.
"""

from django.utils.translation import gettext_noop as _

VENDOR_MSGIDS = [
    # django-import-export: import/export pages.
    _("Import"),
    _("Export"),
    _("File to import"),
    _("Format"),
    _("Resource"),
    _("Submit"),
    _("Confirm import"),
    _(
        "Below is a preview of data to be imported. If you are satisfied with the "
        "results, click 'Confirm import'"
    ),
    _("Errors"),
    _("Line number"),
    _("Some rows failed to validate"),
    _(
        "Please correct these errors in your data where possible, then reupload it "
        "using the form above."
    ),
    _("Row"),
    _("Non field specific"),
    _("Preview"),
    _("New"),
    _("Update"),
    _("Delete"),
    _("Skipped"),
    _("Select all"),
    _("This importer will import the following fields: "),
    _("This exporter will export the following fields: "),
    _("Export selected %(verbose_name_plural)s"),
    _("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    # django-reversion: history and restore.
    _(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    _("Press the save button below to revert to this version of the object."),
    _("Revert %(name)s"),
    _("Revert %(verbose_name)s"),
    _("Initial version."),
    _("Reverted to previous version, saved on %(datetime)s"),
    _("Recover deleted %(name)s"),
    _("There are no deleted objects to recover."),
    # django-reversion-compare: comparing two revisions.
    _("Compare %(name)s"),
    _("compare"),
    _("Go back to history list"),
    _("Revert to this version"),
    _("There are no differences."),
    _("Comment"),
    _("Date/time"),
    _("User"),
    _("changed to:"),
    _("add:"),
    _("remove:"),
    _("next"),
    _("previous"),
    _("Edit comment:"),
]
