"""Serializers of the public endpoints: explicit fields, built from plain values."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commonweal.api.v1.pagination import LARGEST_INTEGER
from commonweal.organisations import places
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Kind, Nation, Organisation
from commonweal.services import engine
from commonweal.services.models import ServiceDefinition

FUNCTION_CHOICES = sorted(FUNCTIONS)


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    type = serializers.CharField(help_text="Such as short-text, single-choice, location, photo.")
    required = serializers.BooleanField()
    hint = serializers.CharField()
    choices = ChoiceSerializer(many=True, help_text="For the choice types; empty otherwise.")


class StateSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    closes = serializers.BooleanField(help_text="Whether a case in this state is closed.")


class ServiceSerializer(serializers.Serializer):
    """A published version of a standard service definition."""

    code = serializers.SlugField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    function = serializers.ChoiceField(choices=FUNCTION_CHOICES)
    function_name = serializers.CharField()
    lgsl = serializers.ListField(
        child=serializers.IntegerField(), help_text="Local Government Service List codes."
    )
    owner = serializers.SlugField(
        allow_null=True, help_text="The organisation that wrote it; null for a standard one."
    )
    published_at = serializers.DateTimeField()
    questions = QuestionSerializer(many=True)
    states = StateSerializer(many=True, help_text="The workflow's states, in order.")


def service_values(row: ServiceDefinition, definition: engine.Definition) -> dict:
    """What `ServiceSerializer` shows of a stored version and its engine definition."""
    return {
        "code": row.code,
        "version": row.version,
        "name": definition.name,
        "description": definition.description,
        "function": definition.function,
        "function_name": FUNCTIONS[definition.function].name,
        "lgsl": list(definition.lgsl),
        "owner": row.owner.slug if row.owner_id else None,
        "published_at": row.published_at,
        "questions": [
            {
                "id": q.id,
                "label": q.label,
                "type": q.type,
                "required": q.required,
                "hint": q.hint,
                "choices": [{"value": c.value, "label": c.label} for c in q.choices],
            }
            for q in definition.questions
        ],
        "states": [
            {"id": s.id, "label": s.label, "closes": s.closes} for s in definition.workflow.states
        ],
    }


class ServiceQuerySerializer(serializers.Serializer):
    function = serializers.ChoiceField(
        choices=FUNCTION_CHOICES, required=False, help_text="Only services of this function."
    )


class ServiceVersionQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=LARGEST_INTEGER,
        help_text="A published version (default: the latest).",
    )


class _BlankAsNull:
    """An empty value is sent as null ("not known"), never as "" that fails the format."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class OptionalURLField(_BlankAsNull, serializers.URLField):
    pass


class OptionalEmailField(_BlankAsNull, serializers.EmailField):
    pass


class OrganisationSerializer(serializers.ModelSerializer):
    website = OptionalURLField(allow_null=True, read_only=True, help_text="Null when not known.")
    contact_email = OptionalEmailField(
        allow_null=True, read_only=True, help_text="Null when not known."
    )
    kind_label = serializers.CharField(source="get_kind_display")
    functions = serializers.SerializerMethodField()
    parents = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug",
        help_text="Organisations whose area contains this one's (a district's county).",
    )  # fmt: skip

    class Meta:
        model = Organisation
        fields = [
            "slug", "name", "kind", "kind_label", "nation", "gss_code", "ods_code",
            "website", "contact_email", "active", "functions", "parents",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_functions(self, organisation: Organisation) -> list[str]:
        """The functions it holds (its kind's defaults, with its own changes), sorted."""
        return sorted(organisation.functions)


class OrganisationDetailSerializer(OrganisationSerializer):
    children = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug",
        help_text="Organisations whose areas lie within this one's.",
    )  # fmt: skip

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "children"]
        read_only_fields = fields


class OrganisationQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    nation = serializers.ChoiceField(choices=Nation.choices, required=False)
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words in the name, or a GSS or ODS code."
    )


class PlaceSerializer(serializers.Serializer):
    """An organisation as routing sees it."""

    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    gss_code = serializers.CharField(allow_null=True)
    functions = serializers.ListField(child=serializers.CharField())


@extend_schema_field({"type": "number", "format": "double"})
class DegreesField(serializers.CharField):
    """A coordinate as typed; `places.check_location` says what is wrong with a bad one."""


class PlaceQuerySerializer(serializers.Serializer):
    lat = DegreesField(help_text="Latitude in degrees (WGS84), -90 to 90.")
    lon = DegreesField(help_text="Longitude in degrees (WGS84), -180 to 180.")
    function = serializers.CharField(
        required=False,
        help_text="A function (such as `highways`): the answer then names the organisation "
        f"responsible for it at the point. One of: {', '.join(FUNCTION_CHOICES)}.",
    )

    def validate_lat(self, value: str) -> float:
        return _checked(value, 0)[0]

    def validate_lon(self, value: str) -> float:
        return _checked(0, value)[1]

    def validate_function(self, value: str) -> str:
        try:
            return places.check_function(value)
        except places.UnknownFunction as unknown:
            raise serializers.ValidationError(str(unknown)) from None


def _checked(lat: float | str, lon: float | str) -> tuple[float, float]:
    try:
        return places.check_location(lat, lon)
    except places.InvalidLocation as invalid:
        raise serializers.ValidationError(str(invalid)) from None


class PlacesSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    function = serializers.CharField(allow_null=True)
    responsible = PlaceSerializer(
        allow_null=True,
        help_text="The organisation holding the function there; null without a function, "
        "or when nobody holds it there.",
    )
    covering = PlaceSerializer(
        many=True, help_text="Every area containing the point, most local first."
    )


class OfferingOrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class OfferingServiceSerializer(serializers.Serializer):
    code = serializers.SlugField()
    name = serializers.CharField()
    version = serializers.IntegerField(help_text="The definition version it runs.")


class OfferingSerializer(serializers.Serializer):
    """An organisation runs a version of a service, live."""

    id = serializers.IntegerField()
    organisation = OfferingOrganisationSerializer()
    service = OfferingServiceSerializer()


class OfferingQuerySerializer(serializers.Serializer):
    organisation = serializers.SlugField(required=False, help_text="An organisation's slug.")
    service = serializers.SlugField(required=False, help_text="A service code.")
