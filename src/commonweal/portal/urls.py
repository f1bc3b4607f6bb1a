from django.urls import path

from commonweal.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisation_directory, name="organisation-directory"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
