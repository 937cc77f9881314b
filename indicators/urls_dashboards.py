"""The planners' dashboards (issue 5): /dashboards/…"""

from django.urls import path, register_converter

from indicators.dashboards import api, views


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "dashboard_export_format")

urlpatterns = [
    path("dashboards/", views.overview, name="dashboard-overview"),
    path(
        "dashboards/export.<dashboard_export_format:fmt>",
        api.overview_export,
        name="dashboard-overview-export",
    ),
    path("dashboards/plans/<int:plan_id>/", views.plan_dashboard, name="dashboard-plan"),
    path(
        "dashboards/plans/<int:plan_id>/export.<dashboard_export_format:fmt>",
        api.plan_export,
        name="dashboard-plan-export",
    ),
    path("dashboards/compare/", views.compare_index, name="dashboard-compare-index"),
    path("dashboards/compare/<str:code>/", views.compare, name="dashboard-compare"),
    path(
        "dashboards/compare/<str:code>/export.<dashboard_export_format:fmt>",
        api.compare_export,
        name="dashboard-compare-export",
    ),
    path("dashboards/heatmap/", views.heatmap, name="dashboard-heatmap"),
    path("dashboards/behind-start/", views.behind_start, name="dashboard-behind-start"),
    path("dashboards/heatmap/data.json", api.heatmap_json, name="dashboard-heatmap-data"),
    path(
        "dashboards/heatmap/regions/<int:region_id>.json",
        api.heatmap_region_json,
        name="dashboard-heatmap-region",
    ),
    path(
        "dashboards/heatmap/export.<dashboard_export_format:fmt>",
        api.heatmap_export,
        name="dashboard-heatmap-export",
    ),
    path("dashboards/horizons/", views.horizons_index, name="dashboard-horizons"),
    path("dashboards/horizons/<int:region_id>/", views.horizons_region, name="dashboard-horizons-region"),
    path(
        "dashboards/horizons/<int:region_id>/export.<dashboard_export_format:fmt>",
        api.horizons_export,
        name="dashboard-horizons-export",
    ),
    path("dashboards/ping/", views.ping, name="dashboard-ping"),
    path("dashboards/regions/", views.region_list, name="dashboard-regions"),
]
