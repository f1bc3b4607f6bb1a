"""The open catalogue: every public asset, as JSON and as CSV, for anyone to re-use.

Each entry says what the asset is, who owns it, its licence, stage, LGSL codes,
functions, tags and links, its published versions and how many organisations use it.
Never personal data: no people (who published, released or adopted), no adoption or
interest notes, and members-only assets not at all (nor their names as a fork's origin).
Read a few hundred assets at a time and streamed, so the size of the commons does not
matter.
"""

import csv
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Sum
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from commonweal.commons.models import Adoption, Asset, AssetVersion, Interest, Visibility

CHUNK = 500
CATALOGUE_LICENCE = "OGL-UK-3.0"
STATUSES = [status.value for status in Adoption.Status]
SAVING_STATUSES = (Adoption.Status.ADOPTED, Adoption.Status.PILOTING)
CSV_COLUMNS = [
    "slug", "title", "kind", "summary", "owner", "owner_kind", "licence", "stage", "lgsl",
    "functions", "tags", "service_code", "code_url", "docs_url", "contact_url",
    "forked_from", "latest_version", "latest_version_released_on", "versions",
    *(f"adoptions_{status}" for status in STATUSES), "interests",
    "annual_saving_pounds_reported", "created_at", "updated_at",
]  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def public_assets() -> Iterator[dict]:
    """Every public asset as a catalogue entry, by slug."""
    after = ""
    while True:
        chunk = list(
            Asset.objects.filter(visibility=Visibility.PUBLIC, slug__gt=after)
            .select_related("owner_organisation", "owner_partnership", "forked_from")
            .order_by("slug")[:CHUNK]
        )
        if not chunk:
            return
        yield from _entries(chunk)
        after = chunk[-1].slug


def _entries(assets: list[Asset]) -> Iterator[dict]:
    ids = [asset.pk for asset in assets]
    versions: dict[int, list[dict]] = {pk: [] for pk in ids}
    for version in (
        AssetVersion.objects.filter(asset_id__in=ids, published=True)
        .order_by("asset_id", "-sequence")
        .values("asset_id", "number", "released_on", "release_notes")
    ):
        versions[version.pop("asset_id")].append(version)
    adoptions: dict[int, dict[str, int]] = {pk: dict.fromkeys(STATUSES, 0) for pk in ids}
    for row in (
        Adoption.objects.filter(asset_id__in=ids)
        .order_by()
        .values("asset_id", "status")
        .annotate(n=Count("pk"))
    ):
        adoptions[row["asset_id"]][row["status"]] = row["n"]
    savings = dict(
        Adoption.objects.filter(asset_id__in=ids, status__in=SAVING_STATUSES)
        .order_by()
        .values_list("asset_id")
        .annotate(total=Sum("annual_saving_pounds"))
        .values_list("asset_id", "total")
    )
    interests = dict(
        Interest.objects.filter(asset_id__in=ids)
        .order_by()
        .values_list("asset_id")
        .annotate(n=Count("pk"))
        .values_list("asset_id", "n")
    )
    for asset in assets:
        origin = asset.forked_from
        yield {
            "slug": asset.slug,
            "title": asset.title,
            "kind": asset.kind,
            "summary": asset.summary,
            "owner": owner_values(asset),
            "licence": asset.licence,
            "stage": asset.stage,
            "lgsl": asset.lgsl,
            "functions": asset.functions,
            "tags": asset.tags,
            "service_code": asset.service_code or None,
            "links": {
                "code": asset.code_url or None,
                "documentation": asset.docs_url or None,
                "contact": asset.contact_url or None,
            },
            "forked_from": origin.slug
            if origin is not None and origin.visibility == Visibility.PUBLIC
            else None,
            "versions": versions[asset.pk],
            "adoptions": adoptions[asset.pk],
            "interests": interests.get(asset.pk, 0),
            "annual_saving_pounds_reported": savings.get(asset.pk) or 0,
            "created_at": asset.created_at,
            "updated_at": asset.updated_at,
        }


def owner_values(asset: Asset) -> dict:
    """Who owns the asset: name, slug and kind (`partnership`, `standard` or an organisation's)."""
    if asset.owner_organisation is not None:
        owner = asset.owner_organisation
        return {"name": owner.name, "slug": owner.slug, "kind": owner.kind}
    if asset.owner_partnership is not None:
        owner = asset.owner_partnership
        return {"name": owner.name, "slug": owner.slug, "kind": "partnership"}
    return {"name": "Platform standard definitions", "slug": None, "kind": "standard"}


def _json_lines() -> Iterator[str]:
    head = {
        "generated_at": timezone.now(),
        "licence": CATALOGUE_LICENCE,
        "count": Asset.objects.filter(visibility=Visibility.PUBLIC).count(),
    }
    yield json.dumps(head, cls=DjangoJSONEncoder)[:-1] + ', "assets": ['
    for n, entry in enumerate(public_assets()):
        yield ("," if n else "") + json.dumps(entry, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "]}\n"


class _Line:
    """A file-like object for csv.writer that hands back what it is given."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    """As text; a cell a spreadsheet would run as a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_row(entry: dict) -> list[str]:
    latest = entry["versions"][0] if entry["versions"] else {}
    values = {
        **entry,
        "owner": entry["owner"]["name"],
        "owner_kind": entry["owner"]["kind"],
        "lgsl": ";".join(str(code) for code in entry["lgsl"]),
        "functions": ";".join(entry["functions"]),
        "tags": ";".join(entry["tags"]),
        "code_url": entry["links"]["code"],
        "docs_url": entry["links"]["documentation"],
        "contact_url": entry["links"]["contact"],
        "latest_version": latest.get("number"),
        "latest_version_released_on": latest.get("released_on"),
        "versions": len(entry["versions"]),
        **{f"adoptions_{status}": n for status, n in entry["adoptions"].items()},
        "created_at": entry["created_at"].isoformat(),
        "updated_at": entry["updated_at"].isoformat(),
    }
    return [_cell(values[column]) for column in CSV_COLUMNS]


def _csv_lines() -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for entry in public_assets():
        yield writer.writerow(_csv_row(entry))


def _open(response: StreamingHttpResponse) -> StreamingHttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def catalogue_json(request: HttpRequest) -> StreamingHttpResponse:
    """Every public asset as one JSON document: `{generated_at, licence, count, assets}`."""
    return _open(StreamingHttpResponse(_json_lines(), content_type="application/json"))


@require_GET
def catalogue_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every public asset as a CSV row (UTF-8, a header row; lists joined with ";")."""
    response = StreamingHttpResponse(_csv_lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="commons-catalogue.csv"'
    return _open(response)
