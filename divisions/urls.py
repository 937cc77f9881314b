from django.urls import path

from . import views

urlpatterns = [
    path("divisions/", views.rollup_nation, name="nation-rollup"),
    path("divisions/map.json", views.nation_map, name="nation-map"),
    path("divisions/<str:code>/", views.rollup_division, name="division-rollup"),
    path("divisions/<str:code>/map.json", views.division_map, name="division-map"),
]
