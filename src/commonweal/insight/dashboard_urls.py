"""The dashboards, under /insight/dashboards/ (names in the `insight` namespace).

The fixed paths come before `<slug>/`: an organisation's slug names its dashboard.
"""

from django.urls import path

from commonweal.insight.views import dashboards

urlpatterns = [
    path("", dashboards.index, name="dashboards"),
    path("platform/", dashboards.platform, name="dashboard-platform"),
    path("partnerships/<slug:slug>/", dashboards.partnership, name="dashboard-partnership"),
    path("areas/<slug:slug>/", dashboards.area, name="dashboard-area"),
    path("<slug:slug>/", dashboards.organisation, name="dashboard-organisation"),
    path("<slug:slug>/services/<slug:code>/", dashboards.service, name="dashboard-service"),
]
