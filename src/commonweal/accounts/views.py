"""Sign in with an e-mail address and password (and, for staff who turned it on, a code
from their authenticator app); sign out by POST; the account page and two-factor set-up.

Between the password and the code the person is not signed in at all: the session holds
only who they said they are, for 10 minutes, so every other page treats them as a
visitor who has not signed in.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from commonweal.accounts import two_factor
from commonweal.accounts.forms import CodeForm, SignInForm
from commonweal.accounts.models import User

PENDING_USER = "accounts.pending_user"
PENDING_BACKEND = "accounts.pending_backend"
PENDING_NEXT = "accounts.pending_next"
PENDING_SINCE = "accounts.pending_since"
PENDING_SECONDS = 600

ENTER_CODE = "Enter the 6-digit code from your authenticator app, or one of your recovery codes"
WRONG_CODE = (
    "The code is not right. Enter the 6-digit code your authenticator app shows now, "
    "or one of your recovery codes"
)
ENTER_SET_UP_CODE = "Enter the 6-digit code from your authenticator app"
SET_UP_CODE_FORMAT = "Enter the code as 6 digits, like 123456"
WRONG_SET_UP_CODE = (
    "The code is not right. Check that the app has the key shown on this page, "
    "then enter the 6-digit code it shows now"
)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = safe_next_url(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = SignInForm(request, data=request.POST)
        if form.is_valid():
            if two_factor.is_on(form.user):
                _begin_second_step(request, form.user, next_url)
                return redirect("accounts:sign-in-code")
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


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the app, or a recovery code."""
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:sign-in")
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = ""
    if form.is_bound:
        code = form.code_given()
        outcome = two_factor.check_code(user=user, code=code) if code else None
        if outcome is two_factor.Outcome.ACCEPTED:
            backend, next_url = request.session[PENDING_BACKEND], request.session[PENDING_NEXT]
            _forget_second_step(request)
            login(request, user, backend=backend)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        if outcome is two_factor.Outcome.LOCKED:
            _forget_second_step(request)
            return _locked(request)
        error = WRONG_CODE if code else ENTER_CODE
    return _code_page(request, "accounts/sign_in_code.html", form, error)


@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm with a button; only POST signs out (a link must not)."""
    if request.method == "POST":
        logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html")


@login_required
@never_cache
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "may_use_two_factor": two_factor.may_use(user),
        "two_factor_on": two_factor.is_on(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "current_section": "your-account",
    }
    return render(request, "accounts/account.html", context)


@sensitive_post_parameters("code")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Show the secret (as text and a QR code); a right code turns two-factor sign-in on."""
    user = request.user
    if not two_factor.may_use(user):
        raise Http404("Two-factor sign-in is for staff.")
    if two_factor.is_on(user):
        return redirect("accounts:account")
    device = two_factor.start_set_up(user=user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = ""
    if form.is_bound:
        code = form.code_given()
        if not code:
            error = ENTER_SET_UP_CODE
        elif not two_factor.looks_like_app_code(code):
            error = SET_UP_CODE_FORMAT
        elif (codes := two_factor.confirm_set_up(device=device, code=code)) is not None:
            context = {"codes": codes, "current_section": "your-account"}
            return render(request, "accounts/two_factor_recovery_codes.html", context)
        else:
            error = WRONG_SET_UP_CODE
    extra = {
        "secret": two_factor.spaced_secret(device),
        "qr_code": two_factor.qr_code_svg(device),
        "issuer": two_factor.ISSUER,
    }
    return _code_page(request, "accounts/two_factor_set_up.html", form, error, extra)


@sensitive_post_parameters("code")
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.is_on(user):
        return redirect("accounts:account")
    form = CodeForm(request.POST if request.method == "POST" else None)
    error = ""
    if form.is_bound:
        code = form.code_given()
        outcome = two_factor.turn_off(user=user, code=code) if code else None
        if outcome is two_factor.Outcome.ACCEPTED:
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("accounts:account")
        if outcome is two_factor.Outcome.LOCKED:
            return _locked(request)
        error = WRONG_CODE if code else ENTER_CODE
    return _code_page(request, "accounts/two_factor_turn_off.html", form, error)


def _code_page(
    request: HttpRequest, template: str, form: CodeForm, error: str, extra: dict | None = None
) -> HttpResponse:
    context = {
        "form": form,
        "error_message": error,
        "errors": [(form["code"].id_for_label, error)] if error else [],
        "current_section": "your-account",
        **(extra or {}),
    }
    return render(request, template, context)


def _locked(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/two_factor_locked.html", status=429)


def _begin_second_step(request: HttpRequest, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = user.backend
    request.session[PENDING_NEXT] = next_url
    request.session[PENDING_SINCE] = time.time()


def _forget_second_step(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_SINCE):
        request.session.pop(key, None)


def _pending_user(request: HttpRequest) -> User | None:
    """Who gave the right password in the last 10 minutes and still needs the code."""
    pk, since = request.session.get(PENDING_USER), request.session.get(PENDING_SINCE)
    if pk is None or since is None or time.time() - since > PENDING_SECONDS:
        _forget_second_step(request)
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not two_factor.is_on(user):
        _forget_second_step(request)
        return None
    return user


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
