import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

application = get_asgi_application()

# Loaded now, before the server hands this process a request (portal/warmup.py).
from portal.warmup import warm_up  # noqa: E402 (needs the application set up)

warm_up()
