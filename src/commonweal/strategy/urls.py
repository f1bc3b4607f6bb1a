from django.urls import include, path

app_name = "strategy"

urlpatterns = [
    path("framework/", include("commonweal.strategy.framework_urls")),
    path("route/", include("commonweal.strategy.route_urls")),
]
