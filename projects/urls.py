"""Key-project implementation records: entry, evidence, Excel upload (upload → preview → confirm)."""

from django.urls import path

from . import views, xlsx_views

urlpatterns = [
    path("projects/entry/<int:region_id>/<int:year>/", views.project_entry, name="project-entry"),
    path(
        "projects/records/<int:record_id>/evidence/",
        views.project_evidence_upload,
        name="project-evidence-upload",
    ),
    path("projects/evidence/<int:evidence_id>/", views.project_evidence_download, name="project-evidence"),
    path("projects/entry/<int:region_id>/upload/", xlsx_views.project_upload, name="project-upload"),
    path("projects/uploads/<int:batch_id>/", xlsx_views.upload_preview, name="project-upload-preview"),
    path(
        "projects/uploads/<int:batch_id>/confirm/", xlsx_views.upload_confirm, name="project-upload-confirm"
    ),
    path("projects/uploads/<int:batch_id>/cancel/", xlsx_views.upload_cancel, name="project-upload-cancel"),
]
