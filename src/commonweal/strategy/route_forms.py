"""The forms of the route pages. `strategy.route` checks every value again.

The choices offered are the likely ones: partners are the organisations around the lead
one (its parents, children and neighbours under the same parent) and those it shares
contracts with; assets are those it owns or adopts; contracts are those it holds or is
shown. Whatever is already linked is always offered.
"""

from django import forms
from django.db.models import Q

from commonweal.commissioning.models import Contract
from commonweal.commissioning.permissions import visible_contract_filter
from commonweal.commons.models import Asset
from commonweal.organisations.models import Membership, Organisation
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Initiative, KeyPlayer, KeyPlayerRole

DATE_HINT = "For example, 1/4/2026 or 2026-04-01"


def partner_candidates(organisation: Organisation, current=()) -> list[Organisation]:
    parents = organisation.parents.all()
    shares = Contract.shared_with.through.objects
    near = (
        Q(pk__in=parents.values("pk"))
        | Q(parents=organisation)
        | Q(parents__in=parents.values("pk"))
        | Q(pk__in=shares.filter(contract__organisation=organisation).values("organisation_id"))
        | Q(contracts__shared_with=organisation)
    )
    found = Organisation.objects.filter(active=True).filter(near).exclude(pk=organisation.pk)
    chosen = [org.pk for org in current]
    return list(Organisation.objects.filter(Q(pk__in=found) | Q(pk__in=chosen)).order_by("name"))


def asset_candidates(organisation: Organisation, actor, current=()) -> list[Asset]:
    mine = Q(owner_organisation=organisation) | Q(adoptions__organisation=organisation)
    chosen = Q(pk__in=[asset.pk for asset in current])
    visible = Asset.objects.visible_to(actor).filter(mine | chosen).values("pk")
    return list(Asset.objects.filter(pk__in=visible).order_by("title"))


def contract_candidates(organisation: Organisation, actor, current=()) -> list[Contract]:
    mine = Q(organisation=organisation) | Q(shared_with=organisation)
    chosen = Q(pk__in=[contract.pk for contract in current])
    visible = Contract.objects.filter(visible_contract_filter(actor)).filter(mine | chosen)
    return list(
        Contract.objects.filter(pk__in=visible.values("pk"))
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: KeyPlayer) -> str:
        return f"{obj.user}, {obj.get_role_display().lower()}"


class ContractChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Contract) -> str:
        return f"{obj.title} ({obj.organisation})"


def _many(queryset_or_list, label: str, noun: str) -> forms.ModelMultipleChoiceField:
    pks = [item.pk for item in queryset_or_list]
    model = type(queryset_or_list[0]) if queryset_or_list else Organisation
    field_class = ContractChoice if model is Contract else forms.ModelMultipleChoiceField
    return field_class(
        queryset=model.objects.filter(pk__in=pks).order_by(*model._meta.ordering or ["pk"]),
        label=label,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": f"Choose {noun} from the list"},
    )


class InitiativeForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the initiative's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What the initiative will do (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea,
    )
    themes = forms.MultipleChoiceField(
        label="Themes it works towards",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one theme the initiative works towards",
            "invalid_choice": "Choose themes from the list",
        },
    )
    starts_on = forms.CharField(label="Start date", required=False, max_length=20)
    ends_on = forms.CharField(label="End date", required=False, max_length=20)
    annual_cash_benefit = forms.CharField(
        label="Cash benefit a year, in pounds (optional)", required=False, max_length=30
    )
    other_benefits = forms.CharField(
        label="Benefits not in cash (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisation: Organisation, actor, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.key, t.title) for t in load_framework().themes]
        self.fields["owner"] = OwnerChoice(
            queryset=KeyPlayer.objects.filter(organisation=organisation).select_related("user"),
            label="Owner",
            required=False,
            empty_label="No owner yet",
            error_messages={"invalid_choice": "Choose the owner from the list"},
        )
        linked = initiative or Initiative()
        has_pk = initiative is not None and initiative.pk is not None
        partners = partner_candidates(organisation, linked.partners.all() if has_pk else ())
        assets = asset_candidates(organisation, actor, linked.assets.all() if has_pk else ())
        contracts = contract_candidates(
            organisation, actor, linked.contracts.all() if has_pk else ()
        )
        self.fields["partners"] = _many(partners, "Partner organisations (optional)", "partners")
        self.fields["assets"] = _many(assets, "Commons assets it uses (optional)", "assets")
        self.fields["contracts"] = _many(contracts, "Contracts it covers (optional)", "contracts")
        self.order_fields(["title", "description", "themes", "owner", "starts_on", "ends_on",
                           "partners", "annual_cash_benefit", "other_benefits", "assets",
                           "contracts"])  # fmt: skip

    @staticmethod
    def initial_for(initiative: Initiative) -> dict:
        def written(day):
            return day.isoformat() if day else ""

        return {
            "title": initiative.title,
            "description": initiative.description,
            "themes": list(initiative.themes),
            "owner": initiative.owner_id,
            "starts_on": written(initiative.starts_on),
            "ends_on": written(initiative.ends_on),
            "partners": [org.pk for org in initiative.partners.all()],
            "annual_cash_benefit": initiative.annual_cash_benefit or "",
            "other_benefits": initiative.other_benefits,
            "assets": [asset.pk for asset in initiative.assets.all()],
            "contracts": [contract.pk for contract in initiative.contracts.all()],
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Initiative.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the status", "invalid_choice": "Choose the status"},
    )
    rag = forms.ChoiceField(
        label="Rating",
        required=False,
        choices=[*Initiative.Rag.choices, ("", "Not rated")],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose red, amber or green"},
    )
    reason = forms.CharField(
        label="Reason for the rating",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="Milestone",
        max_length=200,
        error_messages={
            "required": "Enter what the milestone is",
            "max_length": "The milestone must be 200 characters or fewer",
        },
    )
    due_on = forms.CharField(
        label="Date it is due",
        max_length=20,
        error_messages={"required": "Enter the date the milestone is due"},
    )


class KeyPlayerForm(forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *KeyPlayerRole.choices],
        error_messages={"required": "Choose the role", "invalid_choice": "Choose the role"},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = (
            Membership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("user__full_name", "user__email")
        )
        people = {m.user_id: m.user for m in members}
        self.people = people
        self.fields["user"] = forms.TypedChoiceField(
            label="Person",
            coerce=int,
            choices=[("", "Choose a person"), *((pk, str(u)) for pk, u in people.items())],
            error_messages={
                "required": "Choose the person",
                "invalid_choice": "Choose one of the organisation's members",
            },
        )
        self.order_fields(["user", "role"])

    def chosen_user(self):
        return self.people.get(self.cleaned_data["user"])
