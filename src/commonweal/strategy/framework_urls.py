"""The framework's public pages, under /strategy/framework/ in the `strategy` namespace."""

from django.urls import path

from commonweal.strategy.views import framework

urlpatterns = [
    path("", framework.index, name="framework"),
    path("<slug:key>/", framework.theme_page, name="framework-theme"),
]
