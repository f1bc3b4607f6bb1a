"""The board pack page, under /insight/board-pack/ (names in the `insight` namespace)."""

from django.urls import path

from commonweal.insight.views import board_pack

urlpatterns = [
    path("", board_pack.board_pack, name="board-pack"),
]
