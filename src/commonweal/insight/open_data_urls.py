from django.urls import path

from commonweal.insight.views import open_data

app_name = "open_data"

urlpatterns = [
    path("", open_data.index, name="index"),
    path("<slug:slug>/cases.csv", open_data.download, {"fmt": "csv"}, name="csv"),
    path("<slug:slug>/cases.json", open_data.download, {"fmt": "json"}, name="json"),
]
