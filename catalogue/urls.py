from django.urls import path

from indicators.urls_dashboards import ExportFormat  # noqa: F401  (registers the converter)

from . import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator-detail"),
    path(
        "indicators/<str:code>/export.<dashboard_export_format:fmt>",
        views.indicator_export,
        name="indicator-export",
    ),
    path("search/", views.search, name="site-search"),
]
