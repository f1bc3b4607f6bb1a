from django.urls import include, path

app_name = "insight"

urlpatterns = [
    path("imports/", include("commonweal.insight.import_urls")),
]
