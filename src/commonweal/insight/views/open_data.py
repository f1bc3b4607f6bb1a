"""The open-data pages: the list of files with their licence, and each file's download.

Public: no sign-in. The files are read from storage as the last making left them
(`insight.open_data`); a file not made yet answers 404 with a page saying so. A client
that already holds the current file (its ETag is the SHA-256) gets 304 Not Modified.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from commonweal.insight import open_data
from commonweal.organisations.models import Organisation

SECTION = "open-data"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "listings": open_data.listings(),
        "licence": open_data.LICENCE,
        "licence_url": open_data.LICENCE_URL,
        "min_metres": open_data.MIN_METRES,
        "current_section": SECTION,
    }
    return render(request, "insight/open_data/index.html", context)


@require_safe
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug, active=True)
    record = open_data.latest_file(organisation=organisation, fmt=fmt)
    if record is None:
        context = {"organisation": organisation, "fmt": fmt.upper(), "current_section": SECTION}
        return render(request, "insight/open_data/not_made.html", context, status=404)
    etag, modified = f'"{record.sha256}"', int(record.made_at.timestamp())
    unchanged = get_conditional_response(request, etag=etag, last_modified=modified)
    if unchanged is not None:
        return unchanged
    response = FileResponse(
        default_storage.open(record.name, "rb"),
        content_type=CONTENT_TYPES[fmt],
        as_attachment=fmt == "csv",
        filename=f"{organisation.slug}-cases.{fmt}",
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    return response
