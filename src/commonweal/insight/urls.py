from django.urls import include, path

app_name = "insight"

urlpatterns = [
    path("imports/", include("commonweal.insight.import_urls")),
    path("dashboards/", include("commonweal.insight.dashboard_urls")),
    path("board-pack/", include("commonweal.insight.board_pack_urls")),
]
