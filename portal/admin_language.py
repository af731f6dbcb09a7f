"""The admin speaks Vietnamese whatever the browser asks for.

``LocaleMiddleware`` picks a language from the browser's Accept-Language (the
public site has its English page); in the admin that gave a half-English page to
staff whose browser is set to English, since only some texts have a translation
into English. Below ``LocaleMiddleware``, this activates Vietnamese for every
address under the admin's prefix (``settings.ADMIN_PATH``).
"""

from django.conf import settings
from django.utils import translation

ADMIN_LANGUAGE = "vi"


class AdminLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            translation.activate(ADMIN_LANGUAGE)
            request.LANGUAGE_CODE = ADMIN_LANGUAGE
        return self.get_response(request)
