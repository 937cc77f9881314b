"""Evaluation reports (中期/终期评估) and the review of a new plan draft against the earlier plan."""

from django.urls import path

from . import review_views, views

urlpatterns = [
    path("evaluation/plans/<int:plan_id>/", views.evaluation_report, name="evaluation-report"),
    path("evaluation/plans/<int:plan_id>/report.docx", views.evaluation_docx, name="evaluation-docx"),
    path(
        "evaluation/plans/<int:plan_id>/charts/<str:key>.png", views.evaluation_chart, name="evaluation-chart"
    ),
    path("evaluation/plans/<int:plan_id>/review/", review_views.draft_review, name="draft-review"),
    path(
        "evaluation/imports/<int:session_id>/review/",
        review_views.import_draft_review,
        name="import-draft-review",
    ),
    path(
        "evaluation/plans/<int:plan_id>/review.<str:fmt>",
        review_views.draft_review_export,
        name="draft-review-export",
    ),
]
