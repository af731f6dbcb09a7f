"""Form widgets of the admin shared by the apps.

``ThumbnailImageWidget``: an image field of a saved row shows the photo itself
(a small rendition), not only its stored path, above the usual "change / clear"
controls.
"""

from django.contrib.admin.widgets import AdminFileWidget
from django.utils.html import format_html

from . import images


class ThumbnailImageWidget(AdminFileWidget):
    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        thumb = (
            images.rendition(value, "thumb")
            if value and getattr(value, "url", None)
            else None
        )
        if thumb is None:
            return html
        return format_html(
            '<img class="stored-photo-thumb" src="{}" alt="" loading="lazy">{}',
            thumb.url,
            html,
        )
