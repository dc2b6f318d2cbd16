"""gexin settings, read from the environment (see docs/operations.md).

GEXIN_DATABASE_URL  sqlite:///path (default: the data folder) or postgres://user@host:port/db
GEXIN_DATA_DIR      folder for the SQLite database, uploads and the generated secret key
GEXIN_SECRET_KEY / GEXIN_SECRET_KEY_FILE
GEXIN_ALLOWED_HOSTS comma-separated host names
GEXIN_DEBUG         1/0
GEXIN_ENV           development (default) or production: HTTPS-only cookies, HSTS, redirects
GEXIN_EMAIL_BACKEND Django email backend (console by default); GEXIN_EMAIL_HOST/PORT/USER/PASSWORD
GEXIN_SITE_URL      the site's address, used in links sent by email
GEXIN_PROPOSAL_DAYS days a unit has to dispose of a proposal unless it sets its own (7)
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gexin.core.middleware.UserLanguageMiddleware",
    "gexin.core.middleware.AuditContextMiddleware",
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

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
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
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.env_bool("GEXIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.env_int("GEXIN_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.env_bool("GEXIN_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is polled over plain HTTP by load balancers and monitors.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.env_str("GEXIN_LOG_LEVEL", "WARNING").upper()},
}
