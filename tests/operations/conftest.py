from __future__ import annotations

import pytest

from .servers import base_env, manage


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """collectstatic once, as `make serve` does, so the production settings' manifest storage works."""
    root = tmp_path_factory.mktemp("staticfiles")
    manage(
        "collectstatic", "--noinput", "--verbosity", "0",
        env=base_env(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_STATIC_ROOT=str(root)),
    )  # fmt: skip
    return root
