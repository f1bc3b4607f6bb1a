from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "commonweal.jobs"
    label = "jobs"
    verbose_name = "Background work"
