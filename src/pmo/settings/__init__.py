"""Django settings for pmo, driven by environment variables (see docs/architecture.md).

``PMO_ENV=production`` switches on the production checks in :mod:`pmo.settings.production`.
"""

from pmo.settings.base import *  # noqa: F403

if ENVIRONMENT == "production":  # noqa: F405
    from pmo.settings.production import *  # noqa: F403
