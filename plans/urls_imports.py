"""Import screens (administrators) and plan version diffs and exports (readers)."""

from django.urls import path

from .imports import correction_views, views

urlpatterns = [
    path("imports/", views.import_list, name="import-list"),
    path("imports/upload/", views.import_upload, name="import-upload"),
    path("imports/audit/", views.import_audit, name="import-audit"),
    path("imports/<int:session_id>/", views.import_review, name="import-review"),
    path("imports/<int:session_id>/review/", views.import_review_save, name="import-review-save"),
    path("imports/<int:session_id>/rows/<int:index>/", views.import_row_correct, name="import-row-correct"),
    path("imports/<int:session_id>/discard/", views.import_discard, name="import-discard"),
    path("imports/<int:session_id>/source/", views.import_source, name="import-source"),
    path("plans/versions/", views.plan_version_list, name="plan-versions"),
    path("plans/<int:plan_id>/diff/", views.plan_diff_view, name="plan-diff"),
    path("plans/<int:plan_id>/export/interchange.json", views.plan_export_json, name="plan-export-json"),
    path("plans/<int:plan_id>/export/indicators.xlsx", views.plan_export_xlsx_view, name="plan-export-xlsx"),
]

urlpatterns += [
    path(
        "imports/<int:session_id>/warnings/", correction_views.import_warnings_ack, name="import-warnings-ack"
    ),
    path("imports/<int:session_id>/rows/add/", correction_views.import_row_add, name="import-row-add"),
    path(
        "imports/<int:session_id>/rows/<int:index>/edit/",
        correction_views.import_row_edit,
        name="import-row-edit",
    ),
    path(
        "imports/<int:session_id>/target-year/",
        correction_views.import_target_year,
        name="import-target-year",
    ),
    path("imports/<int:session_id>/paste/", correction_views.import_paste_table, name="import-paste-table"),
    path(
        "imports/<int:session_id>/projects/", correction_views.import_project_save, name="import-project-save"
    ),
]
