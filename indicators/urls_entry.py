"""Yearly data entry: the form, review (submit → approve → lock), Excel round-trip, and the JSON API."""

from django.urls import path

from .entry import api, grid, views

urlpatterns = [
    path("entry/", views.entry_index, name="entry-index"),
    path("entry/<int:region_id>/<int:year>/", views.entry_form, name="entry-form"),
    path("entry/<int:region_id>/grid/", grid.entry_grid, name="entry-grid"),
    path("entry/<int:region_id>/<int:year>/approve/", views.entry_approve, name="entry-approve"),
    path("entry/<int:region_id>/<int:year>/return/", views.entry_return, name="entry-return"),
    path("entry/<int:region_id>/<int:year>/unlock/", views.entry_unlock, name="entry-unlock"),
    path("entry/<int:region_id>/template.xlsx", views.entry_template, name="entry-template"),
    path("entry/<int:region_id>/upload/", views.entry_upload, name="entry-upload"),
    path("entry/uploads/<int:batch_id>/", views.upload_preview, name="entry-upload-preview"),
    path("entry/uploads/<int:batch_id>/confirm/", views.upload_confirm, name="entry-upload-confirm"),
    path("entry/uploads/<int:batch_id>/cancel/", views.upload_cancel, name="entry-upload-cancel"),
    path("api/regions/", api.api_regions, name="api-regions"),
    path("api/regions/<int:region_id>/values/", api.api_region_values, name="api-region-values"),
]
