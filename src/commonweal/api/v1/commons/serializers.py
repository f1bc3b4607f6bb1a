"""Serializers of the commons endpoints: the search's parameters, and plain-value answers."""

from rest_framework import serializers

from commonweal.commons.licences import LICENCES, canonical_licence
from commonweal.commons.models import Kind, Stage
from commonweal.commons.search import LABELS, MAX_PAGE_SIZE, SORTS

MAX_CHOSEN = 50
BAD_SORT = f"“{{input}}” is not a way to sort. Sort by one of: {', '.join(SORTS)}."


MAX_PAGE = 100_000  # beyond it the offset is no use to anyone and may overflow SQL


class ChoicesField(serializers.ListField):
    """A repeatable parameter of known values; one message names every unknown one.

    Documented as an array of the allowed values; a bad value is a 400 like
    `{"kind": ["Unknown kind: x. Choose from: …"]}`.
    """

    def __init__(self, *, choices: dict[str, str], what: str, tidy=None, **kwargs) -> None:
        self.known, self.what, self.tidy = choices, what, tidy or (lambda value: value)
        child = serializers.ChoiceField(choices=list(choices.items()))
        super().__init__(child=child, required=False, default=list, **kwargs)

    def to_internal_value(self, data) -> list[str]:
        values = [str(value) for value in (data if isinstance(data, list) else [data])]
        if len(values) > MAX_CHOSEN:
            raise serializers.ValidationError(f"Choose {MAX_CHOSEN} or fewer.")
        tidied = [self.tidy(value) for value in values]
        unknown = [v for v, t in zip(values, tidied, strict=True) if t not in self.known]
        if unknown:
            raise serializers.ValidationError(
                f"Unknown {self.what}: {', '.join(unknown)}. Choose from: {', '.join(self.known)}."
            )
        return tidied


class LgslField(serializers.ListField):
    """Repeatable LGSL codes: whole numbers, each refused by name if not."""

    def __init__(self, **kwargs) -> None:
        child = serializers.IntegerField(min_value=1, max_value=99_999)
        super().__init__(child=child, required=False, default=list, **kwargs)

    def to_internal_value(self, data) -> list[int]:
        values = [str(value).strip() for value in (data if isinstance(data, list) else [data])]
        if len(values) > MAX_CHOSEN:
            raise serializers.ValidationError(f"Choose {MAX_CHOSEN} or fewer.")
        for value in values:
            if not value.isdigit() or not 0 < int(value) < 100_000:
                raise serializers.ValidationError(
                    f"“{value}” is not an LGSL code: LGSL codes are whole numbers, like 524."
                )
        return [int(value) for value in values]


class AssetSearchQuerySerializer(serializers.Serializer):
    """The parameters of `commons.search.search_assets`; list parameters may repeat."""

    q = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=200,
        help_text="Words to find in the title, summary, description or tags (plain words).",
    )  # fmt: skip
    kind = ChoicesField(choices=LABELS["kind"], what="kind", help_text="Assets of this kind.")
    stage = ChoicesField(choices=LABELS["stage"], what="stage", help_text="At this stage.")
    function = ChoicesField(
        choices=LABELS["function"], what="function", help_text="Serving this function."
    )
    owner_kind = ChoicesField(
        choices=LABELS["owner_kind"], what="owner kind",
        help_text="Whose owner is of this kind: an organisation's kind, `partnership`, or "
        "`standard` for the platform's standard definitions.",
    )  # fmt: skip
    lgsl = LgslField(help_text="For this Local Government Service List code.")
    licence = ChoicesField(
        choices=LICENCES, what="licence", tidy=lambda v: canonical_licence(v) or v,
        help_text="Under this licence: an SPDX identifier, or `proprietary`.",
    )  # fmt: skip
    sort = serializers.ChoiceField(
        choices=SORTS, required=False, default="relevance",
        help_text="Without words, relevance is the same as most adopted.",
        error_messages={"invalid_choice": BAD_SORT},
    )  # fmt: skip
    page = serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=MAX_PAGE,
        help_text=f"Up to {MAX_PAGE:,}.",
    )  # fmt: skip
    page_size = serializers.IntegerField(
        required=False, default=20, min_value=1, max_value=MAX_PAGE_SIZE,
        help_text=f"Assets per page, up to {MAX_PAGE_SIZE}.",
    )  # fmt: skip


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to pass back to choose it.")
    label = serializers.CharField()
    count = serializers.IntegerField(
        help_text="Assets found with this value, given the words and the other facets' choices."
    )


class FacetsSerializer(serializers.Serializer):
    kind = FacetSerializer(many=True)
    stage = FacetSerializer(many=True)
    function = FacetSerializer(many=True)
    owner_kind = FacetSerializer(many=True)
    lgsl = FacetSerializer(many=True)
    licence = FacetSerializer(many=True)


class OwnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField(allow_null=True, help_text="Null for the platform's standards.")
    kind = serializers.CharField(help_text="The organisation's kind, `partnership` or `standard`.")


class AssetSerializer(serializers.Serializer):
    """An asset in a list of them."""

    slug = serializers.SlugField()
    url = serializers.URLField(help_text="This asset in the API.")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    summary = serializers.CharField()
    owner = OwnerSerializer()
    licence = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    visibility = serializers.CharField(help_text="`public`, or `members` (the platform's).")
    lgsl = serializers.ListField(child=serializers.IntegerField())
    functions = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())
    adoption_count = serializers.IntegerField(
        help_text="Organisations that have adopted it or are piloting it."
    )
    interest_count = serializers.IntegerField(help_text="Organisations that need it too.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class AssetSearchSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Assets found, on every page.")
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, help_text="The next page, if any.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, if any.")
    results = AssetSerializer(many=True)
    facets = FacetsSerializer()


class LinksSerializer(serializers.Serializer):
    code = serializers.URLField(allow_null=True)
    documentation = serializers.URLField(allow_null=True)
    contact = serializers.URLField(allow_null=True)


class VersionSerializer(serializers.Serializer):
    number = serializers.CharField()
    released_on = serializers.DateField(allow_null=True)
    release_notes = serializers.CharField()


class AdoptionCountsSerializer(serializers.Serializer):
    interested = serializers.IntegerField()
    piloting = serializers.IntegerField()
    adopted = serializers.IntegerField()
    stopped = serializers.IntegerField()


class AssetDetailSerializer(AssetSerializer):
    """An asset with its description, links, published versions and re-use."""

    description = serializers.CharField(help_text="Markdown, as its owner wrote it.")
    links = LinksSerializer()
    service_code = serializers.SlugField(
        allow_null=True, help_text="For a service definition: its code in /api/v1/services/."
    )
    forked_from = serializers.SlugField(
        allow_null=True, help_text="The asset it was copied from, if you may see it."
    )
    versions = VersionSerializer(many=True, help_text="Published versions, newest first.")
    adoptions = AdoptionCountsSerializer(help_text="Organisations by how far they have got.")
    annual_saving_pounds_reported = serializers.IntegerField(
        help_text="The yearly savings its adopters and pilots report, added up."
    )


class PartnerSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.CharField()
    role = serializers.ChoiceField(choices=["lead", "member"])


class PartnershipSerializer(serializers.Serializer):
    """Organisations working together, which may own assets jointly."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    members = PartnerSerializer(many=True)
    asset_count = serializers.IntegerField(help_text="The assets it owns that you may see.")
