"""The commons pages under /commons/. A service definition's adopting, forking and upgrading,
and the re-use map, are `services.urls`, served under /commons/ too."""

from django.urls import path

from commonweal.commons import catalogue
from commonweal.commons.views import adoption, asset, browse, editing, organisation, partnership

app_name = "commons"
urlpatterns = [
    path("", browse.browse, name="browse"),
    path("catalogue.json", catalogue.catalogue_json, name="catalogue-json"),
    path("catalogue.csv", catalogue.catalogue_csv, name="catalogue-csv"),
    path("publish/", editing.publish, name="publish"),
    path("mine/", organisation.mine, name="mine"),
    path("notices/<int:pk>/dismiss/", adoption.dismiss_notice, name="dismiss-notice"),
    path("partnerships/", organisation.partnerships, name="partnerships"),
    path("partnerships/<slug:slug>/", organisation.partnership, name="partnership"),
    path("partnerships/<slug:slug>/members/add/", partnership.add_member, name="add-partner"),
    path(
        "partnerships/<slug:slug>/members/<slug:organisation>/role/",
        partnership.change_role,
        name="partner-role",
    ),
    path(
        "partnerships/<slug:slug>/members/<slug:organisation>/remove/",
        partnership.remove_member,
        name="remove-partner",
    ),
    path("<slug:slug>/", asset.asset_detail, name="asset"),
    path("<slug:slug>/edit/", editing.edit, name="edit"),
    path("<slug:slug>/versions/new/", editing.new_version, name="new-version"),
    path("<slug:slug>/adopt/", asset.adopt, name="adopt"),
    path("<slug:slug>/interest/", asset.record_interest, name="interest"),
    path("<slug:slug>/interest/withdraw/", asset.withdraw_interest, name="withdraw-interest"),
    path("<slug:slug>/fork/", asset.fork, name="fork"),
    path("<slug:slug>/move-to-latest/", asset.move_to_latest, name="move-to-latest"),
    path("<slug:slug>/used-by/<slug:organisation>/", adoption.update, name="update-adoption"),
    path("<slug:slug>/used-by/<slug:organisation>/stop/", adoption.stop, name="stop-adoption"),
]
