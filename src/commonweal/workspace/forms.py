"""The queue's filter form (read from the query string) and the bulk assign form."""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import QueryDict

from commonweal.accounts.models import User
from commonweal.cases.models import Channel, Priority
from commonweal.cases.queries import QueueFilters
from commonweal.organisations.models import Team
from commonweal.organisations.permissions import CASE_WORK_ROLES
from commonweal.services import definitions
from commonweal.services.models import ServiceOffering

DATE_HINT = "For example, 27/3/2026"
_DATE = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SELECTED = re.compile(r"^(CW-[0-9A-Z]{4}-[0-9A-Z]{4}):(\d{1,9})$")


def team_choices(organisation_ids: list[int]) -> list[tuple[str, str]]:
    teams = Team.objects.filter(organisation_id__in=organisation_ids).order_by(
        "organisation__name", "name"
    )
    several = len(organisation_ids) > 1
    return [
        (str(pk), f"{name} ({organisation})" if several else name)
        for pk, name, organisation in teams.values_list("pk", "name", "organisation__name")
    ]


def staff_choices(organisation_ids: list[int]) -> list[tuple[str, str]]:
    """The people who may work the organisations' cases, by name."""
    people = User.objects.filter(
        memberships__organisation_id__in=organisation_ids,
        memberships__role__in=CASE_WORK_ROLES,
        is_active=True,
    ).distinct()
    rows = people.order_by("full_name", "email").values_list("pk", "full_name", "email")
    return [(str(pk), full_name or email) for pk, full_name, email in rows]


@dataclass(frozen=True)
class AssignChoices:
    """The teams and people the queue's filter and bulk assign both offer, read once."""

    teams: list[tuple[str, str]]
    staff: list[tuple[str, str]]

    @classmethod
    def of(cls, organisation_ids: list[int]) -> "AssignChoices":
        return cls(teams=team_choices(organisation_ids), staff=staff_choices(organisation_ids))


def state_choices(offerings: list[ServiceOffering]) -> list[tuple[str, str]]:
    """Each state id the offerings' definitions use, with its label (the id too if shared)."""
    labels: dict[str, str] = {}
    for offering in offerings:
        for state in definitions.engine_definition(offering.definition).workflow.states:
            labels.setdefault(state.id, state.label)
    repeated = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    named = [
        (sid, f"{label} ({sid})" if label in repeated else label) for sid, label in labels.items()
    ]
    return sorted(named, key=lambda choice: choice[1].lower())


def parse_day(text: str) -> date:
    """A day written 27/3/2026 (also with dots, dashes or spaces) or 2026-03-27."""
    text = text.strip()
    if found := _DATE.match(text):
        day, month, year = (int(part) for part in found.groups())
    elif found := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        raise forms.ValidationError("bad date")
    return date(year, month, day)


class DayField(forms.CharField):
    def __init__(self, *, label: str, **kwargs) -> None:
        super().__init__(label=label, required=False, max_length=20, **kwargs)
        self.what = label[0].lower() + label[1:]

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_day(text)
        except (forms.ValidationError, ValueError):
            raise forms.ValidationError(
                f"Enter the {self.what} as day, month and year, for example 27/3/2026"
            ) from None


def _choice(label: str, choices, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        error_messages={"invalid_choice": f"Choose {what} from the list"},
    )


class QueueFilterForm(forms.Form):
    """Bound to the query string; a missing state means open cases, newest first."""

    text = forms.CharField(
        label="Reference or words in the description", max_length=200, required=False
    )
    state = _choice("State", [], "a state")
    service = _choice("Service", [], "a service")
    team = _choice("Team", [], "a team")
    assignee = _choice("Assigned to", [], "who the case is assigned to")
    priority = _choice("Priority", [("", "Any priority"), *Priority.choices], "a priority")
    channel = _choice("How it came in", [("", "Any channel"), *Channel.choices], "a channel")
    overdue = forms.BooleanField(label="Only overdue cases", required=False)
    submitted_from = DayField(label="Submitted from")
    submitted_to = DayField(label="Submitted to")
    sort = _choice(
        "Sort by",
        [("newest", "Newest first"), ("oldest", "Oldest first"), ("due", "Due soonest")],
        "an order",
    )
    after = forms.CharField(required=False, max_length=400, widget=forms.HiddenInput)

    def __init__(
        self,
        query: QueryDict,
        *,
        user,
        organisation_ids: list[int],
        choices: AssignChoices,
    ) -> None:
        data = query.copy()
        data.setdefault("state", "open")
        data.setdefault("sort", "newest")
        super().__init__(data)
        # Published definitions come from the process's cache (`engine_definition`), so
        # their stored documents are not read here; a draft's is fetched when needed.
        offerings = list(
            ServiceOffering.objects.filter(organisation_id__in=organisation_ids)
            .select_related("definition")
            .defer("definition__document", "definition__source_text")
        )
        services = {o.service_code: o.definition.name for o in offerings}
        groups = [("open", "Open"), ("closed", "Closed"), ("any", "Any state")]
        self.fields["state"].choices = groups + state_choices(offerings)
        self.fields["service"].choices = [
            ("", "Any service"),
            *sorted(services.items(), key=lambda item: item[1]),
        ]
        self.fields["team"].choices = [("", "Any team"), *choices.teams]
        self.fields["assignee"].choices = [
            ("", "Anyone or nobody"),
            ("me", "Me"),
            ("unassigned", "Nobody (unassigned)"),
        ] + [choice for choice in choices.staff if choice[0] != str(user.pk)]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error(
                "submitted_to", "Submitted to must be the same as or after submitted from"
            )
        return cleaned

    def filters(self) -> QueueFilters:
        data = self.cleaned_data
        assignee = data["assignee"]
        return QueueFilters(
            state=data["state"],
            service=data["service"],
            team=int(data["team"]) if data["team"] else None,
            assignee=int(assignee) if assignee.isdigit() else (assignee or None),
            priority=data["priority"],
            overdue=data["overdue"],
            channel=data["channel"],
            submitted_from=data["submitted_from"],
            submitted_to=data["submitted_to"],
            text=data["text"].strip(),
            sort=data["sort"],
        )

    def query(self) -> QueryDict:
        """The filters as typed, without the page cursor: for links that keep them."""
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.data.get(name, "")
            if name != "after" and value and value != "False":
                query[name] = value
        return query


class SelectedCasesField(forms.Field):
    """The ticked rows, each `REFERENCE:VERSION` (the version the page showed)."""

    widget = forms.MultipleHiddenInput

    def clean(self, value) -> list[tuple[str, int]]:
        if not value:
            raise forms.ValidationError("Select at least one case to assign")
        picked = []
        for item in value:
            found = _SELECTED.match(str(item))
            if not found:
                raise forms.ValidationError("Select cases from the list")
            picked.append((found[1], int(found[2])))
        return picked


class BulkAssignForm(forms.Form):
    cases = SelectedCasesField()
    team = forms.ChoiceField(
        label="Team",
        error_messages={
            "required": "Choose the team to assign the cases to",
            "invalid_choice": "Choose a team from the list",
        },
    )
    assignee = _choice("Person", [], "a person")
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, choices: AssignChoices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Choose a team"), *choices.teams]
        self.fields["assignee"].choices = [
            ("", "Nobody in particular"),
            *choices.staff,
        ]
