from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """Reader-facing catalogue: one page per catalog indicator and the header search."""

    name = "catalogue"
    verbose_name = _("指标页与搜索")
