"""The commons pages that need `services`, served under /commons/ (see services.views)."""

from django.urls import path

from commonweal.services import views

app_name = "services"
urlpatterns = [
    path("reuse/", views.reuse_map, name="reuse-map"),
    path("<slug:slug>/adopt-definition/", views.adopt_definition, name="adopt-definition"),
    path("<slug:slug>/fork-definition/", views.fork_definition, name="fork-definition"),
    path("<slug:slug>/upgrade/", views.upgrade_offering, name="upgrade-offering"),
]
