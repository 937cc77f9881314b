from django.urls import path

from . import views

urlpatterns = [
    path("catalog/unmatched/", views.unmatched_list, name="catalog-unmatched"),
    path("catalog/unmatched/<int:row_id>/map/", views.unmatched_map, name="catalog-unmatched-map"),
]
