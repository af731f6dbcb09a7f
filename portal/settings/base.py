"""Settings for the bulletin portal.

Everything is configured from environment variables (see README, "Configuration").
With none of them set, the site runs for local development on an SQLite file under
``var/``. Production behaviour is switched on by the environment, never by a separate
settings module.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", False)


def _secret_key():
    """DJANGO_SECRET_KEY, or a random key kept in var/secret_key for local runs."""
    key = os.environ.get("DJANGO_SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Number of reverse proxies in front of the app that append to X-Forwarded-For.
# 0 means the client address is REMOTE_ADDR and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Per-address rules count an IPv6 client by its network of this many bits
# (portal/net.py): a /64 is one household or office line.
IPV6_PREFIX_LENGTH = env_int("DJANGO_IPV6_PREFIX_LENGTH", 64)
if not 1 <= IPV6_PREFIX_LENGTH <= 128:
    raise ImproperlyConfigured("DJANGO_IPV6_PREFIX_LENGTH must be between 1 and 128")

# The apps, ground floor first (docs/architecture.md): each may import the ones
# above it in this list that it is allowed to (portal for all; bulletins for
# congress and search), never one below.
INSTALLED_APPS = [
    "portal",
    "bulletins",
    "congress",
    "search",
    "polls",
    "analytics",
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_ckeditor_5",
    "import_export",
    "csp",
    "reversion",
    "reversion_compare",
    "axes",
]

MIDDLEWARE = [
    # Which committee's site the request is for (host, path prefix, default
    # site): first, so the counter, the page cache and every view work for it.
    "portal.sites.SiteMiddleware",
    # Outermost, the visitor counter: it counts on the way out what the reader
    # really gets, so pages from the cache count and 304 answers do not.
    "analytics.middleware.CounterMiddleware",
    # Gzip for pages, JSON and feeds (portal/compression.py), above the page cache
    # (which stores pages uncompressed) and the ETag below.
    "portal.compression.GZipMiddleware",
    # ETag/Last-Modified and 304s on whatever the layers below produced (pages are
    # still cached as usual). portal/pagecache/conditional.py.
    "portal.pagecache.conditional.ListingConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "portal.security.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page cache: below whatever must run on every view (visitor counter,
    # security headers), above sessions/CSRF/auth so a hit skips them.
    "portal.pagecache.middleware.PageCacheMiddleware",
    # Last-Modified of listing pages, stored with the cached page.
    "portal.pagecache.conditional.ListingLastModifiedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin is Vietnamese whatever the browser says (portal/admin_language.py).
    "portal.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old Joomla addresses: a 404 of the site becomes a 301 when the address is
    # known (bulletins/legacy.py); below CommonMiddleware, so before APPEND_SLASH.
    "bulletins.legacy.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.security.PublicErrorsMiddleware",
    # Last: locks the admin login after repeated failures (docs/newsroom.md).
    "axes.middleware.AxesMiddleware",
]

# DJANGO_GZIP=0 when a web server in front compresses pages itself (nginx does, but
# passes on what arrives compressed, so leaving it on costs nothing).
if not env_bool("DJANGO_GZIP", True):
    MIDDLEWARE.remove("portal.compression.GZipMiddleware")

# Login safety (django-axes): 5 failures per username+address lock that pair for
# 15 minutes. The address is portal.net.address_key (X-Forwarded-For only
# through trusted proxies, IPv6 by /64) and is stored pseudonymised (portal/net.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Permissions of the roles held on the current site (portal/site_admin.py).
    "portal.site_admin.SiteRoleBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.net.axes_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"

ROOT_URLCONF = "portal.urls"
# Where the admin lives (the one place this is written).
ADMIN_PATH = "quan-tri/"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "portal.pagecache.generation.content_generation",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file under var/.
DEFAULT_SQLITE_PATH = VAR_DIR / "portal.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue on the busy timeout instead of failing with
    # "database is locked" when a read lock cannot be upgraded.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_PREFIX = os.environ.get("DJANGO_CACHE_PREFIX", "portal")
# Stored pages live in a cache of their own (portal/pagecache/), so filling it can
# evict only pages, never sessions, counters or rate limits. In production point it
# at a Redis instance of its own with allkeys-lru (deploy/redis/, docs/deploy.md);
# by default it shares REDIS_URL.
PAGE_CACHE_REDIS_URL = os.environ.get("DJANGO_PAGE_CACHE_REDIS_URL", REDIS_URL)
PAGE_CACHE_ALIAS = "pages"


def redis_cache(url):
    # RedisCache whose failures are cache misses, with one client object per pool
    # instead of one per call (portal/cache.py).
    return {
        "BACKEND": "portal.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": CACHE_PREFIX,
        "TIMEOUT": 600,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def file_cache(folder, max_entries=300):
    # A file cache is shared by every process on one machine, so an edit made
    # through one worker is seen by the others. Several machines need REDIS_URL.
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / folder),
        "KEY_PREFIX": CACHE_PREFIX,
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": redis_cache(REDIS_URL) if REDIS_URL else file_cache("cache"),
    PAGE_CACHE_ALIAS: (
        redis_cache(PAGE_CACHE_REDIS_URL)
        if PAGE_CACHE_REDIS_URL
        else file_cache("cache-pages", max_entries=20000)
    ),
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language, time and formats: Vietnamese, GMT+7, dd/mm/yyyy, weeks start on Monday.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Uploads are written to a partial name and renamed when complete.
    "default": {"BACKEND": "portal.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The one stylesheet and script of every page are built from the apps' parts by a
# finder (portal/staticbundle.py), into this folder.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "portal.staticbundle.BundleFinder",
]
STATIC_BUNDLE_DIR = Path(
    os.environ.get("DJANGO_STATIC_BUNDLE_DIR", VAR_DIR / "bundles")
)
WHITENOISE_USE_FINDERS = DEBUG
# A file missing from the manifest (collectstatic not run yet) is served under its
# plain name instead of turning every page, and the 500 page, into an error.
WHITENOISE_MANIFEST_STRICT = False

# Media on S3-compatible storage (MinIO, Ceph, AWS...) when a bucket is configured;
# needs `pip install -r deploy/requirements-s3.txt` (docs/deploy.md).
if os.environ.get("DJANGO_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_S3_BUCKET"],
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_KEY") or None,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("DJANGO_S3_SIGNED_URLS", False),
            "file_overwrite": False,
        },
    }

# Uploads: refuse anything larger than this before it reaches a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
# The one statement of the upload limits. The front proxy must take request bodies
# this large on the admin and the editor upload (deploy/nginx/portal.conf, checked
# by tests/security/test_upload_limits.py); public forms take far less.
IMAGE_UPLOAD_MAX_BYTES = env_int("DJANGO_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("DJANGO_IMAGE_MAX_PIXELS", 40_000_000)
DOCUMENT_UPLOAD_MAX_BYTES = env_int("DJANGO_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
MEDIA_UPLOAD_MAX_BYTES = env_int("DJANGO_MEDIA_MAX_BYTES", 300 * 1024 * 1024)
# Room for the rest of an upload form (fields, inlines, multipart boundaries).
UPLOAD_FORM_ROOM_BYTES = 1024 * 1024
# Largest request body: an admin form with the largest file, and the editor's image.
ADMIN_MAX_BODY_BYTES = (
    max(IMAGE_UPLOAD_MAX_BYTES, DOCUMENT_UPLOAD_MAX_BYTES, MEDIA_UPLOAD_MAX_BYTES)
    + UPLOAD_FORM_ROOM_BYTES
)
EDITOR_MAX_BODY_BYTES = IMAGE_UPLOAD_MAX_BYTES + UPLOAD_FORM_ROOM_BYTES
# Public forms (a vote, a comment of at most 5,000 characters) are small.
PUBLIC_MAX_BODY_BYTES = 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after this many seconds without a request (saved on every one).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
# Sessions (staff only: readers get none) are read from the cache and written through
# to the database, so a Redis restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Shared page cache for anonymous readers (portal/pagecache/); off by default while
# developing with DEBUG on, so template edits show at once.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", not DEBUG)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_SKIP_PREFIXES = (f"/{ADMIN_PATH}", "/ckeditor5/", "/static/", "/media/")
# Parts of pages kept between renders until the next edit or scheduled item
# (portal/pagecache/fragments.py): a cheaper miss. Also off while developing.
PAGE_FRAGMENTS_ENABLED = env_bool("DJANGO_PAGE_FRAGMENTS", not DEBUG)
# X-Page-Cache: hit|miss on stored pages, for benchmarks and diagnosis only.
PAGE_CACHE_STATUS_HEADER = env_bool("DJANGO_PAGE_CACHE_STATUS_HEADER", False)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS is switched on by the environment behind a TLS-terminating proxy.
if env_bool("DJANGO_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp). No inline scripts or styles on public pages;
# the admin and the editor upload endpoint get 'unsafe-inline' styles and blob:
# images for CKEditor 5 (portal/security.py). Uploaded files are served with their
# own stricter policy ("default-src 'none'; sandbox").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": env_bool("DJANGO_HTTPS", False),
    }
}
PORTAL_CSP_EDITOR_PATH_PREFIXES = [f"/{ADMIN_PATH}", "/ckeditor5/"]
# Serve /media/ from Django (with the sandbox headers of portal.security) unless
# DJANGO_SERVE_MEDIA=0: `make run` and `make serve` without nginx show every photo.
# Behind nginx the app never sees /media/ (nginx serves it from disk); see README.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
# Editor images are checked by the site, then sent by nginx from this internal
# location (X-Accel-Redirect, deploy/nginx/portal.conf); empty: sent by Django.
MEDIA_ACCEL_PREFIX = os.environ.get("DJANGO_MEDIA_ACCEL_PREFIX", "")

LOGIN_URL = "admin:login"

# Visitor counter (docs/analytics.md). Redis when configured, else the database.
ANALYTICS_ENABLED = env_bool("DJANGO_ANALYTICS_ENABLED", True)
# "counter" behind nginx's microcache (docs/deploy.md): pages are counted by their
# counting request (counter.js, or the <noscript> image), not when answered.
ANALYTICS_COUNT_IN = os.environ.get("DJANGO_ANALYTICS_COUNT_IN", "middleware")
ANALYTICS_REDIS_URL = os.environ.get("DJANGO_ANALYTICS_REDIS_URL", REDIS_URL)
ANALYTICS_FLUSH_SECONDS = env_int("DJANGO_ANALYTICS_FLUSH_SECONDS", 10)
ANALYTICS_RATE_LIMIT = env_int("DJANGO_ANALYTICS_RATE_LIMIT", 300)
ANALYTICS_NEW_VISITORS_PER_HOUR = env_int("DJANGO_ANALYTICS_NEW_VISITORS_PER_HOUR", 300)
# An unsafe ?next= on the admin login falls back here, not to /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

# Rich text editor (CKEditor 5). Uploaded images go through our own validation.
CKEDITOR_5_FILE_STORAGE = "portal.uploads.EditorImageStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 5
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "underline",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "|",
                "imageUpload",
                "|",
                "undo",
                "redo",
                "removeFormat",
                "sourceEditing",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignCenter",
                "imageStyle:alignRight",
            ],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "heading": {
            "options": [
                {
                    "model": "paragraph",
                    "title": "Đoạn văn",
                    "class": "ck-heading_paragraph",
                },
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Tiêu đề 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Tiêu đề 3",
                    "class": "ck-heading_heading3",
                },
            ]
        },
    }
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Import needs the model's "import_<model>" permission (Trưởng Ban biên tập, Quản trị);
# export needs "export_<model>", given to the roles that may take the rows out of
# the site (docs/newsroom.md, docs/security.md).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Formula escaping is done per resource by portal.exports.FormulaSafeResource,
# which also covers + - @ | % and keeps numbers as numbers.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Control characters typed by citizens would otherwise make XLSX exports fail.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR"},
        # django-axes announces itself at every start; lockouts are still logged.
        "axes.apps": {"level": "WARNING"},
    },
}

CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
