"""gexin settings, read from the environment (see docs/operations.md).

GEXIN_DATABASE_URL  sqlite:///path (default: the data folder) or postgres://user@host:port/db
GEXIN_REPLICA_URL   postgres:// URLs of streaming replicas, comma-separated, read by the
                    busiest read-only pages; GEXIN_REPLICA_PIN_SECONDS (10): how long a
                    browser reads from the primary after sending a change
GEXIN_TASKS         immediate (development) or database (production): background work
                    (notification email) runs in the request, or queued for `gexin db_worker`
GEXIN_DATA_DIR      folder for the SQLite database, uploads and the generated secret key
GEXIN_SECRET_KEY / GEXIN_SECRET_KEY_FILE
GEXIN_ALLOWED_HOSTS comma-separated host names
GEXIN_DEBUG         1/0
GEXIN_ENV           development (default) or production: HTTPS-only cookies, HSTS, redirects
GEXIN_EMAIL_BACKEND Django email backend (console by default); GEXIN_EMAIL_HOST/PORT/USER/PASSWORD
GEXIN_SITE_URL      the site's address, used in links sent by email
GEXIN_PROPOSAL_DAYS days a unit has to dispose of a proposal unless it sets its own (7)
GEXIN_UPLOAD_MAX_MB the largest file an upload may carry, in MB (50); photos and PDFs are
                    held to 10 MB. Set the reverse proxy's body limit a little above it.
GEXIN_SESSION_HOURS the longest a sign-in lasts, in hours (12: a shift and a half)
GEXIN_SESSION_IDLE_MINUTES a sign-in ends after this many minutes without a request (120)
GEXIN_BEHIND_PROXY  1 behind a reverse proxy: HTTPS and the client's address come from its
                    X-Forwarded-Proto and X-Forwarded-For headers
GEXIN_LOG_LEVEL     level of the console log (WARNING); security events are always logged
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gexin.config import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.env_str("GEXIN_DATA_DIR") or Path.cwd() / "data").resolve()

ENVIRONMENT = env.env_choice("GEXIN_ENV", {"development", "production"}, "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env.env_bool("GEXIN_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("GEXIN_DEBUG must be off when GEXIN_ENV=production.")

SECRET_KEY = env.secret_key(DATA_DIR)
ALLOWED_HOSTS = env.env_list("GEXIN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not env.env_str("GEXIN_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("GEXIN_ALLOWED_HOSTS must name the site's hosts in production.")

DATABASES = {
    "default": env.database_from_url(
        "GEXIN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'gexin.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers and one writer work at once; the timeout waits for a busy writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # One connection per worker, kept: opening SQLite and running the PRAGMAs on
    # every request costs about a millisecond.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
# Streaming replicas of the PostgreSQL primary, read by the busiest read-only pages
# (gexin.core.replicas): one URL is the alias `replica`, several `replica1`, `replica2`…
GEXIN_REPLICAS = []
for number, replica in enumerate(env.database_urls("GEXIN_REPLICA_URL"), start=1):
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("GEXIN_REPLICA_URL needs a PostgreSQL GEXIN_DATABASE_URL.")
    # A replica that is down is given up on in seconds; the test suite reads the primary.
    replica["OPTIONS"] = {"connect_timeout": 3}
    replica["TEST"] = {"MIRROR": "default"}
    GEXIN_REPLICAS.append(f"replica{number}")
    DATABASES[GEXIN_REPLICAS[-1]] = replica
if len(GEXIN_REPLICAS) == 1:
    DATABASES["replica"] = DATABASES.pop("replica1")
    GEXIN_REPLICAS = ["replica"]
DATABASE_ROUTERS = ["gexin.config.routers.ReplicaRouter"]
# After a change, the browser that made it reads from the primary this long.
GEXIN_REPLICA_PIN_SECONDS = env.env_int("GEXIN_REPLICA_PIN_SECONDS", 10, minimum=0, maximum=3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "axes",
    "django_tasks",
    "gexin.core",
    "gexin.org",
    "gexin.plans",
    "gexin.meetings",
    "gexin.innovation",
    "gexin.competitions",
    "gexin.exchange",
    "gexin.national",
    "gexin.people",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gexin.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gexin.core.security.SecurityEventMiddleware",
    "gexin.core.sessions.SessionTimeoutMiddleware",
    "gexin.core.middleware.UserLanguageMiddleware",
    "gexin.core.middleware.AuditContextMiddleware",
    "gexin.core.replicas.ReplicaPinMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gexin.config.urls"
WSGI_APPLICATION = "gexin.config.wsgi.application"
# Widget templates are looked up like page templates, so gexin can supply its own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "gexin.core.context_processors.navigation",
                "gexin.org.context_processors.my_person",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "gexin.core.templatetags.gexin",
            ],
        },
    }
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses sign-in while an account/address pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "gexin.org.backends.ScopedRoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins: five per user name and address, then a quarter of an hour's pause.
# The same answer is given whether the user exists or not.
AXES_FAILURE_LIMIT = env.env_int("GEXIN_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a proxy, failures count per client address as the proxy saw it, not per proxy.
AXES_CLIENT_IP_CALLABLE = "gexin.core.security.client_ip"

# Sessions in the database with their user (gexin.core.sessions), so that disabling an
# account ends its sessions on every app server at once.
SESSION_ENGINE = "gexin.core.sessions"
SESSION_COOKIE_AGE = env.env_int("GEXIN_SESSION_HOURS", 12, minimum=1, maximum=24 * 30) * 3600
GEXIN_SESSION_IDLE_MINUTES = env.env_int(
    "GEXIN_SESSION_IDLE_MINUTES",
    min(120, SESSION_COOKIE_AGE // 60),
    minimum=5,
    maximum=SESSION_COOKIE_AGE // 60,
)
# Workshop terminals are shared: closing the browser at the end of a shift signs out.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.env_str("GEXIN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only needed for `collectstatic`; WhiteNoise serves assets from the packages otherwise.
STATIC_ROOT = env.env_str("GEXIN_STATIC_ROOT") or None
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # Uploads are written whole or not at all, even on a full disk (core.storage).
    "default": {"BACKEND": "gexin.core.storage.SafeFileSystemStorage"},
    # `collectstatic` output is public and read by the proxy's own user (docs/deploy/nginx.conf),
    # unlike uploads (FILE_UPLOAD_PERMISSIONS below).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage",
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
# Uploads (core.uploads): a file past the limit is dropped while it arrives; files up to
# 5 MB (a phone's photo) stay in memory, larger ones go to a temporary file. A request's
# other data (an API call's JSON of records, a grid of figures) is read into memory:
# up to 10 MB of it, some hundred thousand records.
GEXIN_UPLOAD_MAX_MB = env.env_int("GEXIN_UPLOAD_MAX_MB", 50, minimum=1, maximum=2048)
FILE_UPLOAD_HANDLERS = [
    "gexin.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = min(GEXIN_UPLOAD_MAX_MB, 10) * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Assets are served from the installed packages directly, so `collectstatic` is optional.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env.env_str("GEXIN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.env_str("GEXIN_FROM_EMAIL", "gexin@localhost")
EMAIL_HOST = env.env_str("GEXIN_EMAIL_HOST", "localhost")
EMAIL_PORT = env.env_int("GEXIN_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.env_str("GEXIN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env.env_str("GEXIN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env.env_bool("GEXIN_EMAIL_TLS", False)
GEXIN_SITE_URL = env.env_str("GEXIN_SITE_URL", "http://127.0.0.1:8000")
GEXIN_PROPOSAL_DAYS = env.env_int("GEXIN_PROPOSAL_DAYS", 7, minimum=1, maximum=365)

# Background work (notification email, gexin.core.tasks): "immediate" does it in the
# process that asked, once its transaction commits; "database" queues it in the
# database for `gexin db_worker`, so a slow or absent mail server holds up no request.
GEXIN_TASKS = env.env_choice(
    "GEXIN_TASKS", {"immediate", "database"}, "database" if PRODUCTION else "immediate"
)
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "gexin.core.tasks.DatabaseBackend",
        }[GEXIN_TASKS],
    }
}

REST_FRAMEWORK = {
    # Token first, so that an unauthenticated API request answers 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gexin.core.api_permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "gexin.core.api_permissions.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # A model's ValidationError is 400 and a protected deletion 409, as in the serializers.
    "EXCEPTION_HANDLER": "gexin.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gexin API",
    "DESCRIPTION": "Units, people and roles; every list is limited to the caller's scope.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The ETag, If-Match and 412 of the scoped viewsets (gexin.core.api).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gexin.core.api.declare_conditional_requests",
        # Every operation's 400, 401, 403, 404, 409 and 415 answers (gexin.core.api_errors).
        "gexin.core.api_errors.declare_error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        # Cards and cooperations share one set of states.
        "ExchangeStatusEnum": "gexin.exchange.choices.ExchangeStatus",
        "DirectionEnum": "gexin.plans.choices.Direction",
        "ContractItemKindEnum": "gexin.exchange.choices.ItemKind",
        "ContractItemStatusEnum": "gexin.exchange.choices.ItemStatus",
        "EquipmentStatusEnum": "gexin.national.models.equipment.EquipmentStatus",
        "TransferPlanStatusEnum": "gexin.national.models.transfers.TransferPlanStatus",
        "HelpReasonEnum": "gexin.competitions.choices.HelpReason",
        "HelpOutcomeEnum": "gexin.competitions.choices.HelpOutcome",
        "SkillGradeEnum": "gexin.org.choices.SkillGrade",
        "SkillKindEnum": "gexin.people.models.skills.SkillKind",
        "SkillLevelValueEnum": "gexin.people.models.skills.SkillLevelValue",
        "AssessmentKindEnum": "gexin.people.models.skills.AssessmentKind",
        "AssessmentResultEnum": "gexin.people.models.skills.AssessmentResult",
        "StudyGroupRoleEnum": "gexin.people.models.groups.StudyGroupRole",
        "WelfareHelpKindEnum": "gexin.people.models.members.WelfareHelpKind",
    },
}

GEXIN_PAGE_SIZE = 50
# Rendered lists and pages are kept per scope, language and data version (core.versioning).
GEXIN_FRAGMENT_CACHE = env.env_bool("GEXIN_FRAGMENT_CACHE", True)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gexin.core.security.csrf_failure"
GEXIN_BEHIND_PROXY = env.env_bool("GEXIN_BEHIND_PROXY", False)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.env_bool("GEXIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.env_int("GEXIN_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if GEXIN_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is polled over plain HTTP by load balancers and monitors.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env.env_str("GEXIN_LOG_LEVEL", "WARNING").upper()},
    "loggers": {
        # Failed and refused sign-ins, denied requests, disabled accounts
        # (gexin.core.security): one line of JSON each, whatever GEXIN_LOG_LEVEL says.
        "gexin.security": {"level": "INFO"},
        # Server errors with their tracebacks; refusals are gexin.security's one line.
        "django.request": {"level": "ERROR"},
    },
}
