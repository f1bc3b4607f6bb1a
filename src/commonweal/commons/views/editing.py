"""Publishing an asset, editing it and releasing a version.

What was typed is always shown again. A refusal is shown as the commons pages show
them: NotAllowed as a 403 page saying why, AssetInvalid against each field it names, a
conflict at the top of the form saying what to do instead.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from commonweal.commons import functions, permissions, queries, versions
from commonweal.commons.forms import AssetForm, VersionForm, owner_value
from commonweal.commons.functions import NOT_YOURS, owner_name
from commonweal.commons.models import Kind, Stage, Visibility
from commonweal.commons.validation import AssetInvalid, Conflict, NotAllowed
from commonweal.commons.views.access import form_page, refused, visible_asset

NO_PUBLISHER = (
    "Only service owners and administrators of an organisation on Commonweal (or its "
    "commissioners, for contracts) can publish its assets. Ask an administrator of your "
    "organisation for one of those roles."
)
DEFINITION_VERSIONS = (
    "Versions of a service definition are released by publishing the definition on your "
    "service pages."
)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    owners = queries.publishing_owners(request.user)
    if not owners:
        return refused(request, NO_PUBLISHER)
    problem = ""
    if request.method == "POST":
        form = AssetForm(request.POST, owners=owners)
        if form.is_valid():
            try:
                asset = functions.publish_asset(
                    actor=request.user, **form.chosen_owner(), **form.asset_values()
                )
            except NotAllowed as refusal:
                return refused(request, str(refusal))
            except AssetInvalid as invalid:
                form.show_refusal(invalid, fallback="title")
            except Conflict as conflict:
                problem = str(conflict)
            else:
                messages.success(request, f"{asset.title} is in the commons")
                return redirect("commons:asset", slug=asset.slug)
    else:
        initial = {"stage": Stage.IDEA, "visibility": Visibility.PUBLIC}
        if len(owners) == 1:
            initial["owner"] = owner_value(owners[0])
        form = AssetForm(owners=owners, initial=initial)
    return form_page(
        request,
        "commons/asset_form.html",
        form,
        heading="Publish an asset",
        problem=problem,
        submit="Publish it",
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    asset = visible_asset(request, slug)
    if not permissions.can_edit_asset(request.user, asset):
        return refused(request, NOT_YOURS.format(owner=owner_name(asset), title=asset.title))
    problem = ""
    if request.method == "POST":
        form = AssetForm(request.POST, asset=asset)
        if form.is_valid():
            try:
                functions.edit_asset(asset=asset, actor=request.user, **form.asset_values())
            except NotAllowed as refusal:
                return refused(request, str(refusal))
            except AssetInvalid as invalid:
                form.show_refusal(invalid, fallback="summary")
            except Conflict as conflict:
                problem = str(conflict)
            else:
                messages.success(request, f"Your changes to {asset.title} are saved")
                return redirect("commons:asset", slug=asset.slug)
    else:
        form = AssetForm(asset=asset)
    return form_page(
        request,
        "commons/asset_form.html",
        form,
        heading=f"Edit {asset.title}",
        problem=problem,
        asset=asset,
        is_definition=asset.kind == Kind.SERVICE_DEFINITION,
        submit="Save changes",
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_version(request: HttpRequest, slug: str) -> HttpResponse:
    asset = visible_asset(request, slug)
    if not permissions.can_edit_asset(request.user, asset):
        return refused(request, NOT_YOURS.format(owner=owner_name(asset), title=asset.title))
    if asset.kind == Kind.SERVICE_DEFINITION:
        return refused(request, DEFINITION_VERSIONS, status=409)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                version = versions.release_version(
                    asset=asset,
                    actor=request.user,
                    number=form.cleaned_data["number"],
                    release_notes=form.cleaned_data["release_notes"],
                )
            except NotAllowed as refusal:
                return refused(request, str(refusal))
            except AssetInvalid as invalid:
                form.show_refusal(invalid, fallback="number")
            except Conflict as conflict:  # a number already used, or one that goes backwards
                form.add_error("number", str(conflict))
            else:
                messages.success(request, f"Version {version.number} of {asset.title} is released")
                return redirect("commons:asset", slug=asset.slug)
    else:
        form = VersionForm()
    return form_page(
        request,
        "commons/version_form.html",
        form,
        heading=f"Release a new version of {asset.title}",
        asset=asset,
        latest=versions.latest_version(asset, published_only=False),
    )
