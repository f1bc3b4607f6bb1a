from django.urls import path

from commonweal.portal.views import account, ask, find, nearby, pages, track

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("organisations/", pages.organisation_directory, name="organisation-directory"),
    path("organisations/<slug:slug>/", pages.organisation_detail, name="organisation-detail"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    # Find a service and ask for it.
    path("services/", find.find_service, name="find-service"),
    path("services/<slug:code>/", find.start, name="service"),
    path("services/<slug:code>/ask/", ask.ask, name="ask"),
    path("services/<slug:code>/ask/location/", ask.location_step, name="ask-location"),
    path("services/<slug:code>/ask/questions/", ask.questions_step, name="ask-questions"),
    path(
        "services/<slug:code>/ask/questions/remove-photo/",
        ask.remove_photo,
        name="ask-remove-photo",
    ),
    path("services/<slug:code>/ask/contact/", ask.contact_step, name="ask-contact"),
    path("services/<slug:code>/ask/check/", ask.check_step, name="ask-check"),
    path("services/<slug:code>/ask/sent/", ask.done, name="ask-done"),
    # Follow a request.
    path("track/", track.track, name="track"),
    path("track/<str:reference>/", track.case_page, name="case"),
    path("track/<str:reference>/rate/", track.rate, name="rate"),
    # Residents' accounts.
    path("account/register/", account.register, name="register"),
    path("account/requests/", account.requests_list, name="my-requests"),
    # Reports near a point.
    path("reports/", nearby.reports, name="reports"),
    path("reports.geojson", nearby.reports_geojson, name="reports-geojson"),
]
