from django.urls import path

from commonweal.workspace.views import case, queue, services

app_name = "workspace"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("assign/", queue.assign_many, name="assign-many"),
    path("cases/<str:reference>/", case.case_detail, name="case"),
    path("cases/<str:reference>/photos/<str:token>/", case.photo, name="photo"),
    path(
        "cases/<str:reference>/transitions/<str:transition_id>/",
        case.transition,
        name="transition",
    ),
    path("cases/<str:reference>/notes/", case.add_note, name="note"),
    path("cases/<str:reference>/assign/", case.assign, name="assign"),
    path("cases/<str:reference>/merge/", case.merge, name="merge"),
    path("cases/<str:reference>/reopen/", case.reopen, name="reopen"),
    path("services/", services.services, name="services"),
    path("services/new", services.definition_new, name="service-new"),
    path("services/<slug:code>/edit", services.definition_edit, name="service-edit"),
    path(
        "services/<slug:code>/versions/<int:version>/",
        services.version_detail,
        name="service-version",
    ),
    path(
        "services/<slug:code>/versions/<int:version>/publish",
        services.version_publish,
        name="service-publish",
    ),
    path(
        "services/<slug:code>/versions/<int:version>/run",
        services.version_run,
        name="service-run",
    ),
]
