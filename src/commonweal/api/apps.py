from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commonweal.api"
    label = "api"
    verbose_name = "APIs (REST v1 and Open311 GeoReport v2)"
