"""Commonweal settings: every value comes from the environment (see docs/configuration.md)."""

import os
import secrets
from pathlib import Path

import dj_database_url
import dj_email_url

from commonweal.core.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("COMMONWEAL_VAR_DIR", Path.cwd() / "var")).resolve()
DATA_DIR = Path(os.environ.get("COMMONWEAL_DATA_DIR", PACKAGE_DIR.parent.parent / "data")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise generate one once and keep it in VAR_DIR."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _flag("DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "commonweal.core",
    "commonweal.accounts",
    "commonweal.organisations",
    "commonweal.services",
    "commonweal.commons",
    "commonweal.commissioning",
    "commonweal.insight",
    "commonweal.strategy",
    "commonweal.cases",
    "commonweal.portal",
    "commonweal.workspace",
    "commonweal.api",
    "commonweal.demo",
    "commonweal.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "commonweal.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # A lost database connection: 503 with a plain page, and reconnect on the next request.
    "commonweal.operations.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "commonweal.urls"
WSGI_APPLICATION = "commonweal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commonweal.portal.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite in VAR_DIR by default (WAL, busy timeout); PostgreSQL via DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'commonweal.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or _default_sqlite,  # empty: the default
        conn_max_age=60,
        # A kept connection is checked before a request uses it, so one that died while
        # idle (PostgreSQL restarted) is replaced instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Kept open between requests, as on PostgreSQL: opening one and reading the schema
    # costs a web worker about a millisecond a request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
else:
    # Give up on a database that does not answer a new connection within this many
    # seconds (the request gets a 503), rather than hold a web thread until it is killed.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Lock an account out after repeated failures (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "commonweal.api.v1.authentication.StaffTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commonweal REST API",
    "DESCRIPTION": (
        "Services, organisations, places, the commons and, for staff, cases. Version 1. "
        "Staff clients authenticate with a token: `Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Organisations and assets both have a `kind`: name each set of choices.
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "commonweal.organisations.models.Kind",
        "AssetKindEnum": "commonweal.commons.models.Kind",
    },
}

# Rate limits, each "N/S": at most N requests in S seconds; N=0 turns the limit off. They
# count in CACHES (Django's default: memory, per process), keyed as core/ratelimit.py says.
RATE_LIMITS = {
    "open311-post-key": os.environ.get("RATE_LIMIT_OPEN311_KEY", "600/60"),
    "open311-post-ip": os.environ.get("RATE_LIMIT_OPEN311_IP", "600/60"),
    "portal-submit-session": os.environ.get("RATE_LIMIT_PORTAL_SESSION", "10/600"),
    "portal-submit-ip": os.environ.get("RATE_LIMIT_PORTAL_IP", "60/600"),
}
# The header a proxy in front sets to the client's address (e.g. X-Real-IP); empty: the
# address the connection came from. Used by the rate limits and the sign-in lockout.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "").strip()
AXES_CLIENT_IP_CALLABLE = "commonweal.core.ratelimit.client_ip"

# Requests larger than this are refused before they reach a view (Open311 and forms).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(2 * 1024 * 1024)))

# Background tasks (docs/operations.md). "immediate": each task runs in-process when it is
# enqueued (the embedded default). "database": tasks wait in the database and
# `commonweal worker` runs them, retrying a failure TASKS_MAX_ATTEMPTS times in all, the
# waits doubling from TASKS_RETRY_SECONDS.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.backend.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate").strip().lower()
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ValueError(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# Installed whichever backend is chosen, so switching needs no new tables.
INSTALLED_APPS += ["django_tasks_db", "commonweal.jobs"]
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "5"))
TASKS_RETRY_SECONDS = float(os.environ.get("TASKS_RETRY_SECONDS", "30"))

# Commands `commonweal tick` runs after its own sweep: the rollups catch up on new events.
TICK_ALSO = ["rollups"]

EMAIL_URL = os.environ.get("EMAIL_URL", "console:")
vars().update(dj_email_url.parse(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Commonweal <noreply@commonweal.invalid>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and _flag("HTTPS", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    # Subdomains of the host Commonweal is served at, not its siblings: safe to include.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = _flag("HSTS_PRELOAD", default=False)
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", default=True)
    if not SECURE_HSTS_PRELOAD:
        # Asking browsers to preload HSTS binds the whole registrable domain (a council's,
        # usually), so it is for the domain's owner to choose: HSTS_PRELOAD=1.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The geocoder that turns place names into coordinates (see contrib/geocoding.py).
GEOCODER = os.environ.get("GEOCODER", "commonweal.contrib.geocoding.ReferenceGeocoder")

# How e-mail and text messages go out: "email" (Django e-mail, as EMAIL_URL says) or
# "govuk-notify" (GOV.UK Notify: e-mail and text messages).
NOTIFICATIONS_SENDER = os.environ.get("NOTIFICATIONS_SENDER", "email")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")

# The address the site is reached at, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# The map on the portal: a tile URL template such as https://tile.example/{z}/{x}/{y}.png.
# Empty: the map frame and marker with no background tiles (as in tests and offline).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

# Open311 discovery document: who to contact, and where clients ask for an API key.
OPEN311_CONTACT = os.environ.get(
    "OPEN311_CONTACT", "Ask the platform's administrators for help with the Open311 API."
)
OPEN311_KEY_SERVICE = os.environ.get(
    "OPEN311_KEY_SERVICE", "An organisation administrator issues keys: commonweal apikey create."
)

# Seconds between checks that the boundaries in the database still match the in-memory index.
PLACES_RECHECK_SECONDS = float(os.environ.get("PLACES_RECHECK_SECONDS", "5"))

# --- Operations (issue 8): serving, /healthz, /metrics and structured logs ---------------
# See docs/operations.md. The request middleware goes first: it gives every request an id
# and times the whole of it, WhiteNoise's static files included.
MIDDLEWARE.insert(0, "commonweal.core.observability.RequestObservabilityMiddleware")
# A bearer token Prometheus must send to read /metrics; without one, only loopback and
# private addresses reaching the worker directly (not through a proxy) may read it.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Logs: one JSON object a line ("json"), or text for a developer's console ("text").
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
LOGGING = logging_config(
    form="text" if LOG_FORMAT == "text" else "json",
    level=os.environ.get("LOG_LEVEL", "INFO").upper(),
)
# --- end of operations ------------------------------------------------------------------

# --- Scale-out (issue 8): a read replica and S3-compatible media (docs/operations.md) ----
from commonweal.core.media_storage import storage_from_url  # noqa: E402

# DATABASE_REPLICA_URL: a read replica of the primary for the dashboards, the board pack
# and the open-data builds (commonweal.core.db_routers); everything else reads `default`.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ValueError("DATABASE_REPLICA_URL must be the same kind of database as DATABASE_URL")
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"]["OPTIONS"])
    # Under test the replica is the test database itself, reached through a second connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["commonweal.core.db_routers.ReplicaRouter"]
# MEDIA_STORAGE_URL: s3://BUCKET[/PREFIX]?endpoint_url=… for attachments and generated files
# on S3-compatible storage (django-storages); empty keeps them under MEDIA_ROOT.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "").strip()
STORAGES["default"] = storage_from_url(MEDIA_STORAGE_URL)
# --- end of scale-out --------------------------------------------------------------------
