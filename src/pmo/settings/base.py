"""Base settings shared by every environment.

Everything that differs between a laptop and production comes from environment variables:
``DATABASE_URL``, ``PMO_DATA_DIR``, ``PMO_SECRET_KEY``, ``PMO_DEBUG``, ``PMO_ALLOWED_HOSTS``,
``PMO_ENV`` and ``PMO_TASKS`` (``immediate`` or ``database``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

from pmo.settings.environment import data_dir, development_secret_key, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
ENVIRONMENT = os.environ.get("PMO_ENV", "development")
DATA_DIR = data_dir()
(DATA_DIR / "static").mkdir(exist_ok=True)

SECRET_KEY = os.environ.get("PMO_SECRET_KEY") or development_secret_key(DATA_DIR)
DEBUG = env_bool("PMO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("PMO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("PMO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks_db",
    "pmo.core",
    "pmo.accounts",
    "pmo.projects",
    "pmo.quality",
    "pmo.charters",
    "pmo.programs",
    "pmo.resources",
    "pmo.timesheets",
    "pmo.costs",
    "pmo.portfolios",
    "pmo.knowledge",
    "pmo.performance",
    "pmo.transfers",
    "pmo.reporting",
    "pmo.governance",
    "pmo.simulations",
    "pmo.raid",
    "pmo.risks",
    "pmo.changes",
    "pmo.capacity",
    "pmo.leveling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pmo.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pmo.core.middleware.SecurityHeadersMiddleware",
    "pmo.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "pmo.urls"
WSGI_APPLICATION = "pmo.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pmo.core.context_processors.navigation",
            ],
        },
    },
]


def _database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'pmo.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    else:
        config.setdefault("OPTIONS", {})
        config["CONN_MAX_AGE"] = int(os.environ.get("PMO_CONN_MAX_AGE", "60"))
    config["TEST"] = {"NAME": os.environ.get("PMO_TEST_DATABASE_NAME") or None}
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("PMO_TIME_ZONE", "UTC")
PMO_CURRENCY = os.environ.get("PMO_CURRENCY", "EUR")  # the project currency (pmo.costs)
# Largest receipt or invoice attached to a cost entry (pmo.costs).
PMO_ATTACHMENT_MAX_BYTES = int(os.environ.get("PMO_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "pmo.core.staticfiles.VendorFinder",  # plotly.min.js from the installed plotly package
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Failed-login throttle (per username and per client address), see pmo.accounts.throttle.
PMO_LOGIN_MAX_FAILURES = int(os.environ.get("PMO_LOGIN_MAX_FAILURES", "5"))
PMO_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("PMO_LOGIN_LOCKOUT_SECONDS", "900"))
PMO_API_TOKEN_DEFAULT_DAYS = 90

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pmo.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "pmo.core.api.pagination.PmoPagination",
    "PAGE_SIZE": 50,
    # One filterset per model (search and the ordering allow-list included) serves UI and API.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "pmo.core.api.schema.PmoAutoSchema",
    "EXCEPTION_HANDLER": "pmo.core.api.problems.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "pmo API",
    "DESCRIPTION": "REST API of pmo, the open PMO platform. Errors are application/problem+json.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": False,
    "SERVERS": [],
    "SORT_OPERATIONS": True,
    "ENUM_NAME_OVERRIDES": {
        "LifecycleStateEnum": "pmo.core.choices.LifecycleState",
        "SimulationRunStatusEnum": "pmo.simulations.choices.RunStatus",
        "MembershipRoleEnum": "pmo.accounts.api.serializers.ROLE_CHOICES",
        "DeliverableStatusEnum": "pmo.quality.choices.DeliverableStatus",
        "DefectStatusEnum": "pmo.quality.choices.DefectStatus",
        "CharterStatusEnum": "pmo.charters.choices.CharterStatus",
        "ReviewResultEnum": "pmo.quality.choices.ReviewResult",
        "ChecklistItemResultEnum": "pmo.quality.choices.ItemResult",
        "CharterDecisionKindEnum": "pmo.charters.choices.DecisionKind",
        "DefectSeverityEnum": "pmo.quality.choices.Severity",
        "LessonKindEnum": "pmo.knowledge.choices.LessonKind",
        "LessonCategoryEnum": "pmo.knowledge.choices.LessonCategory",  # "category" is also a cost field
        "CostCategoryEnum": "pmo.costs.choices.CostCategory",
        "ImportModeEnum": "pmo.transfers.choices.ImportMode",
        "LevelingModeEnum": "pmo.leveling.choices.LevelingMode",
        "CostEntryKindEnum": "pmo.costs.choices.EntryKind",
        "RaidIssueStatusEnum": "pmo.raid.choices.IssueStatus",
        "RaidAssumptionStatusEnum": "pmo.raid.choices.AssumptionStatus",
        "RaidDependencyStatusEnum": "pmo.raid.choices.DependencyStatus",
        "RaidDecisionStatusEnum": "pmo.raid.choices.DecisionStatus",
        "RaidActionStatusEnum": "pmo.raid.choices.ActionStatus",
        "RaidDirectionEnum": "pmo.raid.choices.Direction",
        "RaidKindEnum": "pmo.raid.kinds.KIND_CHOICES",
        "RagEnum": "pmo.reporting.choices.Rag",
        "RagOverrideEnum": "pmo.reporting.choices.OVERRIDE_CHOICES",
        "StatusReportStatusEnum": "pmo.reporting.choices.ReportStatus",
        "ChangeCategoryEnum": "pmo.changes.choices.ChangeCategory",
        "RiskKindEnum": "pmo.risks.choices.RiskKind",
        "RiskCategoryEnum": "pmo.risks.choices.RiskCategory",
        "RiskActionStatusEnum": "pmo.risks.choices.ActionStatus",
    },
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False, "validatorUrl": None},
    "TAGS": [
        {
            "name": "portfolios",
            "description": "Portfolios, nestable; top level managed by PMO administrators.",
        },
        {"name": "programs", "description": "Programs: related projects in one portfolio."},
        {"name": "projects", "description": "Projects, in a program or directly in a portfolio."},
        {"name": "people", "description": "Users, teams and memberships (roles on scopes)."},
        {"name": "tokens", "description": "Your personal API tokens."},
        {"name": "audit", "description": "The audit trail of the scopes you can see."},
    ],
}

# Background tasks: Django's tasks framework. "database" queues rows for `pmo worker`;
# "immediate" runs them in-process (the embedded default).
PMO_TASKS = os.environ.get("PMO_TASKS", "immediate")
TASKS = {
    "default": (
        {"BACKEND": "django_tasks_db.DatabaseBackend"}
        if PMO_TASKS == "database"
        else {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    )
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get("PMO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("PMO_DEFAULT_FROM_EMAIL", "pmo@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "pmo.security": {"handlers": ["console"], "level": "WARNING"},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Imports (pmo.transfers over pmo.interchange): caps checked before and while a file is read.
# See docs/user/import-export.md. Uploads above PMO_IMPORT_MAX_BYTES are refused while streaming.
PMO_IMPORT_MAX_BYTES = int(os.environ.get("PMO_IMPORT_MAX_BYTES", str(100 * 1024 * 1024)))
PMO_IMPORT_MAX_ELEMENTS = int(os.environ.get("PMO_IMPORT_MAX_ELEMENTS", "10000000"))
PMO_IMPORT_MAX_TASKS = int(os.environ.get("PMO_IMPORT_MAX_TASKS", "50000"))
PMO_IMPORT_MAX_ARCHIVE_ENTRIES = int(os.environ.get("PMO_IMPORT_MAX_ARCHIVE_ENTRIES", "2000"))
PMO_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("PMO_IMPORT_MAX_UNPACKED_BYTES", str(300 * 1024 * 1024)))
# Plans with more tasks than this are applied by a background job with progress.
PMO_IMPORT_BACKGROUND_TASKS = int(os.environ.get("PMO_IMPORT_BACKGROUND_TASKS", "2000"))
# Uploaded files stream to a temporary file past this size instead of being held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every upload is counted as it streams in and stopped past PMO_IMPORT_MAX_BYTES (the only uploads
# today are plan imports), before Django's handlers hold it in memory or on disk.
FILE_UPLOAD_HANDLERS = [
    "pmo.transfers.views.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
