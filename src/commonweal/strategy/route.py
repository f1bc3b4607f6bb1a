"""The route: the initiatives that take an organisation towards its targets.

An initiative is led by one organisation and may name partner organisations. It has
framework themes, an owner (a key player of the lead organisation), start and end dates,
a status with a red, amber or green rating, benefits, and the commons assets and
contracts it draws on; milestones fall within its dates.

The rules, each refused with a message saying what to do, and nothing changed:

- Only those who may manage the lead organisation's strategy plan its route
  (`strategy.permissions.can_manage_strategy`).
- The end date is on or after the start date; milestones are due within the dates.
- Cash benefits are not negative; themes are keys of the framework.
- The owner is a key player of the lead organisation; partners are other active
  organisations; linked contracts and assets are ones the person may see.
- An initiative under way or complete has dates; one under way has a rating, and an
  amber or red rating has a reason.

Key players (`assign_key_player`) are in `strategy.key_players`; reading the route for
its page is in `strategy.route_queries`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commonweal.commissioning import cpv
from commonweal.commissioning import validation as cleaners
from commonweal.commissioning.models import Contract, OpportunityInterest, Supplier
from commonweal.commissioning.permissions import visible_contract_filter
from commonweal.commons.models import Asset
from commonweal.organisations.models import Organisation
from commonweal.strategy.framework import load_framework
from commonweal.strategy.models import Initiative, KeyPlayer, Milestone
from commonweal.strategy.permissions import can_manage_strategy

Status = Initiative.Status
Rag = Initiative.Rag
TITLE_LIMIT = 200
NOT_YOURS = (
    "Only executives and administrators of {organisation} can plan its route, and only "
    "while it is active on the platform. Ask one of them to make this change."
)


class RouteRefusal(ValueError):
    """Something the route will not do; nothing was changed."""


class NotAllowed(RouteRefusal):
    """The person may not do this (see strategy.permissions)."""


class RouteInvalid(RouteRefusal):
    """Some values are not acceptable; `errors` maps each field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))


def check_manager(actor, organisation: Organisation) -> None:
    if not can_manage_strategy(actor, organisation):
        raise NotAllowed(NOT_YOURS.format(organisation=organisation))


@dataclass(frozen=True)
class InitiativeValues:
    """An initiative's details, checked, ready to be written."""

    title: str
    description: str
    themes: list[str]
    partners: list[Organisation]
    owner: KeyPlayer | None
    starts_on: date | None
    ends_on: date | None
    annual_cash_benefit: Decimal | None
    other_benefits: str
    assets: list[Asset]
    contracts: list[Contract]


def _optional_day(field: str, value: object, errors: dict[str, str], key: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return cleaners.day(field, value)
    except ValueError as problem:
        errors[key] = str(problem)
        return None


def _themes(themes: Iterable[str], errors: dict[str, str]) -> list[str]:
    known = load_framework().theme_keys
    chosen = list(dict.fromkeys(str(key) for key in themes))
    unknown = [key for key in chosen if key not in known]
    if unknown:
        errors["themes"] = f"“{unknown[0]}” is not a theme of the framework: choose from the list."
    elif not chosen:
        errors["themes"] = "Choose at least one theme the initiative works towards."
    return [key for key in known if key in chosen]  # in the framework's order


def _money(value: object, errors: dict[str, str]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return cleaners.money("cash benefit a year", value)
    except ValueError as problem:
        errors["annual_cash_benefit"] = str(problem)
        return None


def _partners(organisation: Organisation, partners: Iterable[Organisation], errors) -> list:
    chosen = list(dict.fromkeys(partners))
    for partner in chosen:
        if partner.pk == organisation.pk:
            errors["partners"] = f"{organisation} leads the initiative: it cannot be a partner too."
        elif not partner.active:
            errors["partners"] = f"{partner} is no longer active on the platform: untick it."
    return chosen


def _owner(organisation: Organisation, owner: KeyPlayer | None, errors) -> KeyPlayer | None:
    if owner is not None and owner.organisation_id != organisation.pk:
        errors["owner"] = (
            f"The owner must be one of {organisation}'s key players: choose from the list, "
            "or name them on the key players page first."
        )
    return owner


def _visible(actor, assets: Iterable[Asset], contracts: Iterable[Contract], errors):
    asset_ids = {asset.pk for asset in assets}
    contract_ids = {contract.pk for contract in contracts}
    shown_assets = list(Asset.objects.visible_to(actor).filter(pk__in=asset_ids))
    if len(shown_assets) != len(asset_ids):
        errors["assets"] = "Choose commons assets from the list: you cannot see one of these."
    shown_contracts = list(
        Contract.objects.filter(visible_contract_filter(actor), pk__in=contract_ids)
    )
    if len(shown_contracts) != len(contract_ids):
        errors["contracts"] = "Choose contracts from the list: you cannot see one of these."
    return shown_assets, shown_contracts


def clean_initiative(
    *, actor, organisation: Organisation, values: Mapping[str, object], dated: bool
) -> InitiativeValues:
    """Check an initiative's details; `dated`: the start and end dates are required."""
    errors: dict[str, str] = {}
    title = " ".join(str(values.get("title") or "").split())
    if not title:
        errors["title"] = "Enter the initiative's title."
    elif len(title) > TITLE_LIMIT:
        errors["title"] = f"The title must be {TITLE_LIMIT} characters or fewer."
    themes = _themes(values.get("themes") or (), errors)
    starts_on = _optional_day("start date", values.get("starts_on"), errors, "starts_on")
    ends_on = _optional_day("end date", values.get("ends_on"), errors, "ends_on")
    if dated and "starts_on" not in errors and starts_on is None:
        errors["starts_on"] = "Enter the date the initiative starts."
    if dated and "ends_on" not in errors and ends_on is None:
        errors["ends_on"] = "Enter the date the initiative is due to end."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = (
            f"The end date must be on or after the start date ({_day(starts_on)}): check both."
        )
    assets, contracts = _visible(
        actor, values.get("assets") or (), values.get("contracts") or (), errors
    )
    cleaned = InitiativeValues(
        title=title,
        description=str(values.get("description") or "").strip(),
        themes=themes,
        partners=_partners(organisation, values.get("partners") or (), errors),
        owner=_owner(organisation, values.get("owner"), errors),  # type: ignore[arg-type]
        starts_on=starts_on,
        ends_on=ends_on,
        annual_cash_benefit=_money(values.get("annual_cash_benefit"), errors),
        other_benefits=str(values.get("other_benefits") or "").strip(),
        assets=assets,
        contracts=contracts,
    )
    if errors:
        raise RouteInvalid(errors)
    return cleaned


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _write(initiative: Initiative, cleaned: InitiativeValues) -> Initiative:
    for name in ("title", "description", "themes", "owner", "starts_on", "ends_on",
                 "annual_cash_benefit", "other_benefits"):  # fmt: skip
        setattr(initiative, name, getattr(cleaned, name))
    initiative.save()
    initiative.partners.set(cleaned.partners)
    initiative.assets.set(cleaned.assets)
    initiative.contracts.set(cleaned.contracts)
    return initiative


@transaction.atomic
def create_initiative(*, actor, organisation: Organisation, **values: object) -> Initiative:
    """A new initiative on the organisation's route, under way (its dates are required).

    `values`: title, description, themes (keys), partners, owner (a KeyPlayer),
    starts_on, ends_on, annual_cash_benefit, other_benefits, assets, contracts.
    """
    check_manager(actor, organisation)
    cleaned = clean_initiative(actor=actor, organisation=organisation, values=values, dated=True)
    initiative = Initiative(lead_organisation=organisation, status=Status.ACTIVE, created_by=actor)
    return _write(initiative, cleaned)


@transaction.atomic
def update_initiative(
    *, actor, initiative: Initiative, start: bool = False, **values
) -> Initiative:
    """Change an initiative's details (the same `values` as `create_initiative`).

    A draft stays a draft unless `start` is given, which puts it under way; an initiative
    that is not a draft needs its dates. Milestones must still fall within the dates.
    """
    organisation = initiative.lead_organisation
    check_manager(actor, organisation)
    dated = start or initiative.status != Status.DRAFT
    cleaned = clean_initiative(actor=actor, organisation=organisation, values=values, dated=dated)
    outside = _milestones_outside(initiative, cleaned.starts_on, cleaned.ends_on)
    if outside is not None:
        raise RouteInvalid(
            {
                "starts_on": f"The milestone “{outside.title}” is due on {_day(outside.due_on)}, "
                "outside these dates: change the dates, or move or remove the milestone first."
            }
        )
    if start:
        initiative.status = Status.ACTIVE
        initiative.rag = initiative.rag or Rag.GREEN
    return _write(initiative, cleaned)


def _milestones_outside(initiative: Initiative, starts_on, ends_on) -> Milestone | None:
    if initiative.pk is None:
        return None
    for milestone in initiative.milestones.all():
        if (starts_on and milestone.due_on < starts_on) or (ends_on and milestone.due_on > ends_on):
            return milestone
    return None


@transaction.atomic
def set_status(
    *, actor, initiative: Initiative, status: str, rag: str = "", reason: str = ""
) -> Initiative:
    """Record where an initiative stands: its status, its rating and the reason for it."""
    check_manager(actor, initiative.lead_organisation)
    reason = str(reason or "").strip()
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = "Choose the initiative's status from the list."
    if rag and rag not in Rag.values:
        errors["rag"] = "Choose red, amber or green."
    elif status == Status.ACTIVE and not rag:
        errors["rag"] = "Choose red, amber or green for an initiative under way."
    if rag in (Rag.AMBER, Rag.RED) and not reason:
        errors["reason"] = f"Say why the initiative is {rag}: what is wrong and what is being done."
    undated = not (initiative.starts_on and initiative.ends_on)
    if status in (Status.ACTIVE, Status.COMPLETE) and undated:
        errors["status"] = (
            "Give the initiative its start and end dates first: change its details, then its "
            "status."
        )
    if errors:
        raise RouteInvalid(errors)
    initiative.status, initiative.rag, initiative.rag_reason = status, rag, reason
    initiative.save(update_fields=["status", "rag", "rag_reason", "updated_at"])
    return initiative


@transaction.atomic
def add_milestone(*, actor, initiative: Initiative, title: str, due_on: object) -> Milestone:
    """A milestone due within the initiative's dates."""
    check_manager(actor, initiative.lead_organisation)
    errors: dict[str, str] = {}
    title = " ".join(str(title or "").split())
    if not title:
        errors["title"] = "Enter what the milestone is."
    elif len(title) > TITLE_LIMIT:
        errors["title"] = f"The milestone must be {TITLE_LIMIT} characters or fewer."
    due: date | None = None
    try:
        due = cleaners.day("date it is due", due_on)
    except ValueError as problem:
        errors["due_on"] = str(problem)
    starts, ends = initiative.starts_on, initiative.ends_on
    if not (starts and ends):
        errors["due_on"] = "Give the initiative its start and end dates before adding milestones."
    elif due is not None and not starts <= due <= ends:
        errors["due_on"] = (
            f"The milestone must be due within the initiative's dates, from {_day(starts)} "
            f"to {_day(ends)}: choose a date between them, or change the initiative's dates."
        )
    if errors:
        raise RouteInvalid(errors)
    return Milestone.objects.create(initiative=initiative, title=title, due_on=due)


@transaction.atomic
def complete_milestone(*, actor, milestone: Milestone, done_on: date | None = None) -> Milestone:
    """Mark a milestone done (today, unless another day is given; never in the future)."""
    check_manager(actor, milestone.initiative.lead_organisation)
    today = timezone.localdate()
    done_on = done_on or today
    if milestone.done_on is not None:
        raise RouteInvalid({"milestone": f"“{milestone.title}” is already marked done."})
    if done_on > today:
        raise RouteInvalid({"milestone": "A milestone cannot be done on a day still to come."})
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    return milestone


@transaction.atomic
def remove_milestone(*, actor, milestone: Milestone) -> None:
    check_manager(actor, milestone.initiative.lead_organisation)
    milestone.delete()


def opportunity_title(*, basis: str, key: str) -> str:
    """What an opportunity to buy together is called: its category or its supplier."""
    if basis == OpportunityInterest.Basis.CPV_GROUP:
        return cpv.group_label(key) or f"CPV group {key}"
    supplier = Supplier.objects.filter(pk=key).first()
    return supplier.name if supplier else "One supplier's services"


def draft_initiative_from_interest(*, interest, actor) -> Initiative:
    """A draft initiative on the organisation's route, for its interest in buying together.

    Called inside `commissioning.opportunities.register_interest`'s transaction (through
    the `interest_registered` signal), so if this fails the interest is not kept either.
    The person registering was allowed to by commissioning; the draft has no dates and no
    owner until an executive plans it.
    """
    title = opportunity_title(basis=interest.basis, key=interest.key)
    description = (
        f"Drafted when {interest.organisation} registered its interest in buying together "
        f"with other organisations ({interest.get_basis_display().lower()}: {title}). The "
        f"contracts end between {_day(interest.window_start)} and {_day(interest.window_end)}."
    )
    if interest.note:
        description += f"\n\nNote with the interest: {interest.note}"
    initiative = Initiative.objects.create(
        title=f"Buy together: {title}"[:TITLE_LIMIT],
        description=description,
        themes=["strategic-commissioning"],
        lead_organisation=interest.organisation,
        status=Status.DRAFT,
        from_interest=interest,
        created_by=actor,
    )
    contracts = interest.contracts.all()
    if actor is not None:
        contracts = contracts.filter(visible_contract_filter(actor))
    initiative.contracts.set(contracts)
    return initiative
