from django.urls import path

from commonweal.insight.views import imports

urlpatterns = [
    path("", imports.upload, name="imports"),
    path("<int:pk>/", imports.run_page, name="import-run"),
    path("<int:pk>/start", imports.start, name="import-start"),
]
