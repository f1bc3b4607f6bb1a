"""Residents' accounts: register, and see the requests made while signed in."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from commonweal.accounts.forms import RegistrationForm
from commonweal.portal import my_requests
from commonweal.portal.display import error_list
from commonweal.portal.pagination import pagination

PAGE_SIZE = 25
BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:my-requests")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        user = form.save()
        login(request, user, backend=BACKEND)
        messages.success(request, "Your account has been created and you are signed in.")
        return redirect("portal:my-requests")
    context = {"form": form, "errors": error_list(form), "current_section": "account"}
    return render(request, "portal/register.html", context)


@login_required
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    cases = my_requests.cases_of(request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": my_requests.rows(page.object_list),
        "page": page,
        "pagination": pagination(page, query=QueryDict()),
        "current_section": "account",
    }
    return render(request, "portal/my_requests.html", context)
