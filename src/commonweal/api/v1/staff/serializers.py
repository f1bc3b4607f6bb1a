"""Serializers of the staff endpoints: the case list and page, the actions, and the filters.

Output serializers describe dicts built by `staff.display`; input serializers check
request bodies and query parameters before a domain function sees them.
"""

from rest_framework import serializers

from commonweal.accounts.models import User
from commonweal.api.v1.pagination import LARGEST_INTEGER, PageQuerySerializer, page_envelope
from commonweal.cases import queries
from commonweal.cases.models import Channel, Event, Priority
from commonweal.organisations.models import Team


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ServiceRefSerializer(serializers.Serializer):
    code = serializers.SlugField()
    name = serializers.CharField()
    version = serializers.IntegerField(help_text="The definition version the case runs under.")


class CaseStateSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    closes = serializers.BooleanField()


class CaseSummarySerializer(serializers.Serializer):
    """A case as the queue lists it: no answers, no description, no personal data."""

    reference = serializers.CharField()
    organisation = OrganisationRefSerializer()
    service = ServiceRefSerializer()
    state = CaseStateSerializer()
    priority = serializers.ChoiceField(choices=Priority.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    submitted_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    team = NamedSerializer(allow_null=True)
    assignee = NamedSerializer(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back with a change, as expected_version.")


CasePageSerializer = page_envelope("CasePage", CaseSummarySerializer(many=True))


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    label = serializers.CharField()
    type = serializers.CharField()
    value = serializers.JSONField(help_text="As stored: text, number, list, or {lat, lon}.")


class LocationSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class ReporterSerializer(serializers.Serializer):
    """Personal data: shown only to those who may work the case."""

    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    consent_to_contact = serializers.BooleanField()


class TransitionSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    to = serializers.CharField()
    public_note_required = serializers.BooleanField()


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    # Not an enum in the schema: it would clash with the organisations' `kind` enum.
    kind = serializers.CharField(help_text=f"One of: {', '.join(Event.Kind.values)}.")
    kind_label = serializers.CharField()
    public = serializers.BooleanField(help_text="Whether the resident sees it; false: internal.")
    actor = serializers.CharField(help_text="Who or what acted.")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    case_version = serializers.IntegerField()


class CaseDetailSerializer(CaseSummarySerializer):
    """The whole case for staff, with its internal timeline and what the user may do now."""

    description = serializers.CharField()
    address = serializers.CharField()
    location = LocationSerializer(allow_null=True)
    duplicate_of = serializers.CharField(allow_null=True)
    reopened_count = serializers.IntegerField()
    answers = AnswerSerializer(many=True)
    reporter = ReporterSerializer(
        allow_null=True,
        help_text="Null unless you may work the case (and someone gave their details).",
    )
    transitions = TransitionSerializer(
        many=True, help_text="The transitions you may make now; empty if you may not act."
    )
    timeline = EventSerializer(many=True, help_text="Every event, oldest first, incl. internal.")


class StaleSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="`stale`.")
    current_version = serializers.IntegerField(help_text="Retry with this expected_version.")
    changes = EventSerializer(many=True, help_text="What happened since your version.")


class Versioned(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1,
        max_value=LARGEST_INTEGER,
        help_text="The case's version you worked from (the `version` you read).",
    )


class TransitionRequestSerializer(Versioned):
    transition = serializers.CharField(max_length=80, help_text="A transition id.")
    public_note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=5000,
        help_text="For the resident; some transitions require one.",
    )  # fmt: skip
    internal_note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=5000,
        help_text="For staff only.",
    )  # fmt: skip


class NoteRequestSerializer(Versioned):
    text = serializers.CharField(max_length=5000)
    public = serializers.BooleanField(
        required=False, default=False, help_text="True: the resident sees it."
    )


class AssignRequestSerializer(Versioned):
    """Omit `team` or `assignee` to keep it as it is; send null to clear it."""

    team = serializers.PrimaryKeyRelatedField(
        queryset=Team.objects.none(), required=False, allow_null=True,
        help_text="A team of the case's organisation.",
    )  # fmt: skip
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="A person who works the organisation's cases.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.fields["team"].queryset = Team.objects.filter(organisation_id=case.organisation_id)


class CaseQuerySerializer(PageQuerySerializer):
    """The queue's filters. Dates are days in UK time, both ends included."""

    state = serializers.CharField(
        required=False, default="open", max_length=50,
        help_text="`open` (the default), `closed`, `any`, or a workflow state id.",
    )  # fmt: skip
    service = serializers.SlugField(required=False, help_text="A service code.")
    team = serializers.IntegerField(
        required=False, min_value=1, max_value=LARGEST_INTEGER, help_text="A team id."
    )
    assignee = serializers.CharField(required=False, help_text="A user id, `me` or `unassigned`.")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Only open cases past their due time."
    )
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    submitted_after = serializers.DateField(required=False, help_text="On or after this day.")
    submitted_before = serializers.DateField(required=False, help_text="On or before this day.")
    q = serializers.CharField(
        required=False, max_length=200,
        help_text="A case reference (finds that case alone), or words in the description.",
    )  # fmt: skip
    sort = serializers.ChoiceField(choices=queries.SORTS, required=False, default="newest")

    def validate_assignee(self, value: str) -> int | str:
        if value in ("me", "unassigned"):
            return value
        if value.isascii() and value.isdigit() and 1 <= int(value) <= LARGEST_INTEGER:
            return int(value)
        raise serializers.ValidationError("Give a user id, `me` or `unassigned`.")

    def validate(self, data: dict) -> dict:
        after, before = data.get("submitted_after"), data.get("submitted_before")
        if after and before and after > before:
            raise serializers.ValidationError(
                {"submitted_before": ["Must be the same day as submitted_after or later."]}
            )
        return data

    def filters(self) -> queries.QueueFilters:
        data = self.validated_data
        return queries.QueueFilters(
            state=data["state"],
            service=data.get("service", ""),
            team=data.get("team"),
            assignee=data.get("assignee"),
            priority=data.get("priority", ""),
            overdue=data["overdue"],
            channel=data.get("channel", ""),
            submitted_from=data.get("submitted_after"),
            submitted_to=data.get("submitted_before"),
            text=data.get("q", "").strip(),
            sort=data["sort"],
        )
