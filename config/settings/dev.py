"""Local development: DEBUG on, SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: F403

# Serve static files straight from the finders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# `make run` creates demo accounts with known passwords; development only.
DEMO_ACCOUNTS_ALLOWED = True
