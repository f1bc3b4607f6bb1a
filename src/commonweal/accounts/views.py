"""Sign in with an e-mail address and password; sign out by POST."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from commonweal.accounts.forms import SignInForm


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = SignInForm(request, data=request.POST)
        if form.is_valid():
            login(request, form.user)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    else:
        form = SignInForm(request)
    error_message = sign_in_error(form)
    context = {
        "form": form,
        "next_url": next_url,
        "error_message": error_message,
        "errors": [(form["email"].id_for_label, error_message)] if error_message else [],
    }
    return render(request, "accounts/sign_in.html", context)


@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm with a button; only POST signs out (a link must not)."""
    if request.method == "POST":
        logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html")


def safe_next_url(request: HttpRequest, url: str | None) -> str:
    """The `next` address when it stays on this site, otherwise an empty string."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def sign_in_error(form: SignInForm) -> str:
    """The one message shown for any failure, or an empty string."""
    return form.non_field_errors()[0] if form.is_bound and form.errors else ""
