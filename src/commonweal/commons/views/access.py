"""Who may open which commons page (a 404 for an asset the person may not see, and the
plain 403 page that says why something was refused), and carrying out what a form asks
with the commons' refusals shown the same way on every page."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commonweal.commons.display import error_list
from commonweal.commons.models import Asset
from commonweal.commons.validation import AssetInvalid, Conflict, NotAllowed


def refused(request: HttpRequest, reason: str, *, status: int = 403) -> HttpResponse:
    return render(
        request,
        "commons/refused.html",
        {"reason": reason, "current_section": "commons"},
        status=status,
    )


def visible_asset(request: HttpRequest, slug: str) -> Asset:
    """The asset if the person may see it; 404 otherwise (a members-only asset does not
    exist for outsiders)."""
    assets = Asset.objects.visible_to(request.user).select_related(
        "owner_organisation", "owner_partnership", "forked_from"
    )
    return get_object_or_404(assets, slug=slug)


def carry_out(
    request: HttpRequest,
    form: forms.Form,
    do: Callable,
    *,
    fallback: str,
    conflicts: tuple[type[Exception], ...] = (Conflict,),
) -> HttpResponse | str:
    """Run `do(form)` for a valid form; it returns a success message and the address to go
    to. Refusals change nothing: NotAllowed gives the 403 page saying why, AssetInvalid is
    shown against the fields it names (else `fallback`), and a conflict's message is
    returned for the page to show at its top. "" means: show the form again."""
    if not form.is_valid():
        return ""
    try:
        message, address = do(form)
    except NotAllowed as refusal:
        return refused(request, str(refusal))
    except AssetInvalid as invalid:
        form.show_refusal(invalid, fallback=fallback)
        return ""
    except conflicts as conflict:
        return str(conflict)
    messages.success(request, message)
    return redirect(address)


def form_page(
    request: HttpRequest, template: str, form: forms.Form, *, problem: str = "", **extra
) -> HttpResponse:
    """A commons form page: its errors in the summary, a conflict (`problem`) first, as a 409."""
    errors = error_list(form)
    if problem:
        errors.insert(0, ("", problem))
    context = {"form": form, "errors": errors, "current_section": "commons", **extra}
    return render(request, template, context, status=409 if problem else 200)
