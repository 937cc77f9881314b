from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal: health check, backups, login audit, demo accounts for development."""

    name = "operations"
    verbose_name = _("运行维护")

    def ready(self):
        from . import auth  # noqa: F401  (connects the login log receivers)
