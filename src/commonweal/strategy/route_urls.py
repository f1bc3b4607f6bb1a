"""The route pages, under /strategy/route/ (URL names start `route-`)."""

from django.urls import path

from commonweal.strategy.views import route, route_actions

INITIATIVE = "<slug:slug>/initiatives/<int:pk>/"

urlpatterns = [
    path("", route.route_index, name="route-index"),
    path("<slug:slug>/", route.route_page, name="route-page"),
    path("<slug:slug>/new/", route.new_initiative, name="route-new"),
    path(INITIATIVE, route.initiative_view, name="route-initiative"),
    path(f"{INITIATIVE}edit/", route.edit_initiative, name="route-edit"),
    path(f"{INITIATIVE}status/", route_actions.set_status, name="route-status"),
    path(f"{INITIATIVE}milestones/", route_actions.add_milestone, name="route-milestone-add"),
    path(
        f"{INITIATIVE}milestones/<int:milestone>/done/",
        route_actions.milestone_done,
        name="route-milestone-done",
    ),
    path(
        f"{INITIATIVE}milestones/<int:milestone>/remove/",
        route_actions.milestone_remove,
        name="route-milestone-remove",
    ),
    path("<slug:slug>/key-players/", route_actions.key_players_page, name="route-key-players"),
    path(
        "<slug:slug>/key-players/<int:key_player>/remove/",
        route_actions.key_player_remove,
        name="route-key-player-remove",
    ),
]
