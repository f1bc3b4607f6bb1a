from django.urls import include, path

from commonweal.strategy.views import assessments, home, progress, targets

app_name = "strategy"

# The framework's and the route's pages come first: their prefixes would otherwise be read
# as an organisation's short name (organisations refuse them: see RESERVED_SLUGS there).

urlpatterns = [
    path("framework/", include("commonweal.strategy.framework_urls")),
    path("route/", include("commonweal.strategy.route_urls")),
    path("", home.home, name="home"),
    path("<slug:slug>/", progress.progress_page, name="progress"),
    path("<slug:slug>/assessments/", assessments.assessment_list, name="assessments"),
    path("<slug:slug>/assessments/start", assessments.start, name="assessment-start"),
    path("<slug:slug>/assessments/<int:pk>/", assessments.summary, name="assessment"),
    path("<slug:slug>/assessments/<int:pk>/resume", assessments.resume, name="assessment-resume"),
    path(
        "<slug:slug>/assessments/<int:pk>/complete",
        assessments.complete,
        name="assessment-complete",
    ),
    path(
        "<slug:slug>/assessments/<int:pk>/<slug:theme>/",
        assessments.theme_page,
        name="assessment-theme",
    ),
    path("<slug:slug>/targets/", targets.target_list, name="targets"),
    path("<slug:slug>/targets/themes/<slug:theme>/", targets.theme_target, name="theme-target"),
    path("<slug:slug>/targets/measures/<slug:key>/", targets.measure_target, name="measure-target"),
]
