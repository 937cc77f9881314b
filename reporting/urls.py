"""我的待办, completeness and timeliness, deadlines, submitting with blank reasons, reminder settings."""

from django.urls import path

from . import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("reporting/completeness/", views.completeness, name="reporting-completeness"),
    path("reporting/deadlines/", views.deadlines, name="reporting-deadlines"),
    path("reporting/deadlines/set/", views.deadline_set, name="reporting-deadline-set"),
    path("reporting/deadlines/extend/", views.deadline_extend, name="reporting-deadline-extend"),
    path("reporting/submit/<int:region_id>/<int:year>/", views.submit_year, name="reporting-submit"),
    path("reporting/reminders/", views.reminder_preferences, name="reminder-preferences"),
]
