"""Opportunities to buy together, found afresh from the contracts each time they are asked for.

An **opportunity** is a set of contracts held by two or more organisations, on the same
basis — the same CPV group (`commissioning.cpv`: the code's first three digits) or the
same supplier — whose end dates all fall within the chosen window (`within_months`) of
the earliest of them: a contract ending 31 March 2027 and one ending 30 September 2027 are
within six months of each other, one ending 1 October 2027 is not. The same contract may
be in one opportunity by category and another by supplier.

**How they are found, in O(n log n).** The contracts (not ended, ending today or later)
are sorted by (basis key, end date), once per basis. The window starts at the earliest
contract not yet used and takes every later one with the same key ending no more than
`within_months` calendar months after it: each window's last contract is found by binary
search. If the window holds two or more organisations (its first run of one
organisation's contracts ends inside it) it becomes an opportunity and the next window
starts after it; otherwise its first contract is dropped and the window moves on by one.
That choice is one pass; totals and earliest notice dates come from prefix sums. So the
work is a sort, n binary searches and a linear pass; no pair of contracts is ever
compared, and opportunities never overlap on the same basis. The columns are numpy
arrays of whole numbers (bench/commissioning.py: 200,000 contracts in under 2 s).

**Who sees what.** Given a `viewer`, only the contracts that person may see
(`commissioning.permissions`) are considered, so an opportunity never reveals a contract
its viewer could not open; the command line and platform administrators see all.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, F, Func, Value
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone

from commonweal.commissioning import cpv, matching, permissions, signals
from commonweal.commissioning.models import Contract, OpportunityInterest, Supplier
from commonweal.commissioning.validation import Conflict, ContractInvalid, NotAllowed, add_months
from commonweal.organisations.models import Organisation

Basis = OpportunityInterest.Basis
MAX_WINDOW_MONTHS = 60


class ContractRow(NamedTuple):
    """A contract as the sweep sees it: just what grouping and totals need."""

    id: int
    organisation_id: int
    supplier_id: int
    cpv_group: str
    end_date: date
    notice_date: date
    annual_value: Decimal
    commons_asset_id: int | None


@dataclass(slots=True)
class Opportunity:
    basis: str
    key: str
    contract_ids: list[int]
    organisation_ids: list[int]
    combined_annual_value: Decimal
    earliest_notice_date: date
    window_start: date
    window_end: date
    linked_asset_ids: list[int] = field(default_factory=list)
    label: str = ""
    organisations: list[Organisation] = field(default_factory=list)
    assets: list = field(default_factory=list)

    @property
    def ident(self) -> str:
        """Stable while its contracts stay put: basis, key and first end date."""
        return f"{self.basis}:{self.key}:{self.window_start.isoformat()}"

    @property
    def basis_label(self) -> str:
        return Basis(self.basis).label

    @property
    def cpv_groups(self) -> set[str]:
        return {self.key} if self.basis == Basis.CPV_GROUP else set()


def check_window(within_months: object) -> int:
    written = str(within_months if within_months is not None else "").strip()
    if isinstance(within_months, bool) or not written.isdigit():
        raise ContractInvalid({"within": "Enter the window as a whole number of months, like 6."})
    months = int(written)
    if not 1 <= months <= MAX_WINDOW_MONTHS:
        raise ContractInvalid({"within": f"Choose a window from 1 to {MAX_WINDOW_MONTHS} months."})
    return months


def group_rows(rows: Sequence[ContractRow], *, within_months: int) -> list[Opportunity]:
    """The opportunities among the rows, by CPV group and by supplier (no database)."""
    ids, orgs, suppliers, groups, ends, notices, annuals, assets = (
        [row[i] for row in rows] for i in range(len(ContractRow._fields))
    )
    count = len(rows)
    return group_columns(
        Columns(
            ids=np.array(ids, dtype=np.int64),
            orgs=np.array(orgs, dtype=np.int64),
            suppliers=np.array(suppliers, dtype=np.int64),
            groups=np.array(list(map(int, groups)), dtype=np.int64),
            ends=np.fromiter(map(date.toordinal, ends), dtype=np.int64, count=count),
            notices=np.fromiter(map(date.toordinal, notices), dtype=np.int64, count=count),
            pence=np.fromiter((int(v.scaleb(2)) for v in annuals), dtype=np.int64, count=count),
            assets=np.fromiter((a or 0 for a in assets), dtype=np.int64, count=count),
        ),
        within_months=within_months,
    )


def group_columns(columns: "Columns", *, within_months: int) -> list[Opportunity]:
    """The opportunities among contracts given as columns, by CPV group and by supplier.

    An opportunity by supplier holding exactly the contracts of one by category says
    nothing new, and is left out. Each basis is one sort, one binary search for every
    window's end and one pass choosing the windows.
    """
    if len(columns.ids) < 2:
        return []
    limits = _limits(columns.ends, within_months)
    found = _sweep(columns, limits, columns.groups, Basis.CPV_GROUP)
    by_category = {frozenset(o.contract_ids) for o in found}
    by_supplier = _sweep(columns, limits, columns.suppliers, Basis.SUPPLIER)
    return found + [o for o in by_supplier if frozenset(o.contract_ids) not in by_category]


@dataclass(frozen=True)
class Columns:
    """Contracts as numpy columns of whole numbers, one contract per position."""

    ids: np.ndarray
    orgs: np.ndarray
    suppliers: np.ndarray
    groups: np.ndarray  # CPV groups as numbers (905)
    ends: np.ndarray  # date ordinals
    notices: np.ndarray  # date ordinals
    pence: np.ndarray  # annual values in pence
    assets: np.ndarray  # commons asset ids, 0 for none


def _limits(ends: np.ndarray, months: int) -> np.ndarray:
    """Each contract's last end date (an ordinal) that is still within the window of it."""
    distinct, which = np.unique(ends, return_inverse=True)
    moved = [add_months(date.fromordinal(int(day)), months).toordinal() for day in distinct]
    return np.array(moved, dtype=np.int64)[which]


def _sweep(columns: Columns, limits: np.ndarray, keys: np.ndarray, basis: str) -> list:
    order = np.lexsort((columns.ids, columns.ends, keys))  # by key, then end date, then id
    keys, ends, orgs = keys[order], columns.ends[order], columns.orgs[order]
    span = 1 << 22  # more days than any date ordinal, so key * span + day sorts as both
    after = np.searchsorted(keys * span + ends, keys * span + limits[order], side="right")
    # Where each run of one organisation's contracts (under one key) ends: a window holds
    # two organisations exactly when the next run starts inside it.
    changes = np.flatnonzero((np.diff(orgs) != 0) | (np.diff(keys) != 0)) + 1
    run_ends = np.append(changes, len(order))[
        np.searchsorted(changes, np.arange(len(order)), side="right")
    ]
    starts, stops = _choose(after.tolist(), run_ends.tolist())
    return _opportunities(columns, order, keys, starts, stops, basis)


def _choose(after: list[int], run_ends: list[int]) -> tuple[list[int], list[int]]:
    """The windows: from the first unused contract, taken if it holds two organisations,
    otherwise moved on by one contract."""
    starts, stops, first, size = [], [], 0, len(after)
    while first < size:
        stop = after[first]
        if run_ends[first] < stop:
            starts.append(first)
            stops.append(stop)
            first = stop
        else:
            first += 1
    return starts, stops


def _opportunities(columns, order, keys, starts, stops, basis) -> list[Opportunity]:
    if not starts:
        return []
    first, last = np.array(starts), np.array(stops)
    pence = np.concatenate(([0], np.cumsum(columns.pence[order])))
    totals = (pence[last] - pence[first]).tolist()
    notices = np.append(columns.notices[order], 0)
    earliest = np.minimum.reduceat(notices, np.ravel([first, last], order="F"))[::2].tolist()
    linked = np.concatenate(([0], np.cumsum(columns.assets[order] > 0)))
    with_assets = (linked[last] - linked[first] > 0).tolist()
    ids, orgs = columns.ids[order].tolist(), columns.orgs[order].tolist()
    ends, assets = columns.ends[order].tolist(), columns.assets[order].tolist()
    key_list = keys.tolist()
    found = []
    for k, (start, stop) in enumerate(zip(starts, stops, strict=True)):
        found.append(
            Opportunity(
                basis=basis,
                key=f"{key_list[start]:03d}" if basis == Basis.CPV_GROUP else str(key_list[start]),
                contract_ids=ids[start:stop],
                organisation_ids=sorted(set(orgs[start:stop])),
                combined_annual_value=Decimal(totals[k]).scaleb(-2),
                earliest_notice_date=date.fromordinal(earliest[k]),
                window_start=date.fromordinal(ends[start]),
                window_end=date.fromordinal(ends[stop - 1]),
                linked_asset_ids=sorted({a for a in assets[start:stop] if a})
                if with_assets[k]
                else [],
            )
        )
    return found


class DayNumber(Func):
    """A date as its day number, as Python's `date.toordinal()` gives it (1 January of year
    1 is day 1), worked out by the database."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "((%(expressions)s) - DATE '0001-01-01' + 1)"
        return self.as_sql(compiler, connection, template=template, **extra)


COLUMN_FIELDS = ("id", "organisation_id", "supplier_id", "group", "end", "notice", "pence", "asset")


def contract_columns(*, viewer=None, today: date | None = None) -> Columns:
    """The contracts an opportunity may include, as columns: not ended, ending today or
    later, and visible to the viewer when one is given.

    The database turns dates into day numbers and pounds into pence, so that 200,000
    contracts come back as plain numbers, with no conversion row by row.
    """
    today = today or timezone.localdate()
    contracts = Contract.objects.all() if viewer is None else Contract.objects.visible_to(viewer)
    values = (
        contracts.exclude(status=Contract.Status.ENDED)
        .filter(end_date__gte=today)
        .order_by()
        .annotate(
            group=Cast("cpv_group", BigIntegerField()),
            end=DayNumber("end_date"),
            notice=DayNumber("notice_date"),
            pence=Cast(Round(F("annual_value") * 100), BigIntegerField()),
            asset=Coalesce("commons_asset_id", Value(0), output_field=BigIntegerField()),
        )
        .values_list(*COLUMN_FIELDS)
    )
    table = np.array(list(values), dtype=np.int64).reshape(-1, len(COLUMN_FIELDS))
    ids, orgs, suppliers, groups, ends, notices, pence, assets = table.T
    return Columns(ids=ids, orgs=orgs, suppliers=suppliers, groups=groups, ends=ends,
                   notices=notices, pence=pence, assets=assets)  # fmt: skip


def find_opportunities(
    *,
    within_months: int,
    organisations: Iterable[Organisation] | None = None,
    viewer=None,
    today: date | None = None,
    describe: bool = True,
) -> list[Opportunity]:
    """Opportunities to buy together, soonest notice date first.

    `organisations`: only those that include at least one of them. `viewer`: only the
    contracts that person may see. `describe`: name each one, its organisations and the
    commons assets that might replace its contracts (`commissioning.matching`).
    """
    months = check_window(within_months)
    found = group_columns(contract_columns(viewer=viewer, today=today), within_months=months)
    if organisations is not None:
        wanted = {org.pk for org in organisations}
        found = [opp for opp in found if wanted.intersection(opp.organisation_ids)]
    found.sort(key=lambda opp: (opp.earliest_notice_date, -opp.combined_annual_value, opp.ident))
    if describe:
        _describe(found, viewer)
    return found


def _describe(found: list[Opportunity], viewer) -> None:
    supplier_ids = {int(opp.key) for opp in found if opp.basis == Basis.SUPPLIER}
    suppliers = dict(Supplier.objects.filter(pk__in=supplier_ids).values_list("pk", "name"))
    org_ids = {pk for opp in found for pk in opp.organisation_ids}
    orgs = Organisation.objects.in_bulk(org_ids)
    groups = matching.contract_groups(
        pk for opp in found if opp.basis == Basis.SUPPLIER for pk in opp.contract_ids
    )
    replacements = matching.Replacements(viewer)
    for opp in found:
        opp.label = (
            cpv.group_label(opp.key)
            if opp.basis == Basis.CPV_GROUP
            else suppliers.get(int(opp.key), "")
        )
        opp.organisations = sorted((orgs[pk] for pk in opp.organisation_ids), key=str)
        if opp.basis == Basis.SUPPLIER:
            opp_groups = {groups[pk] for pk in opp.contract_ids if pk in groups}
        else:
            opp_groups = {opp.key}
        opp.assets = replacements.suggest(
            cpv_groups=opp_groups, linked_asset_ids=opp.linked_asset_ids
        )


def find_one(
    *, ident: str, within_months: int, viewer=None, today: date | None = None
) -> Opportunity | None:
    """The opportunity with this identity among those the viewer sees now, if still there."""
    found = find_opportunities(
        within_months=within_months, viewer=viewer, today=today, describe=False
    )
    for opp in found:
        if opp.ident == ident:
            return opp
    return None


@transaction.atomic
def register_interest(
    *, actor, organisation: Organisation, opportunity: Opportunity, note: str = ""
) -> OpportunityInterest:
    """Record that the organisation wants to buy together in this opportunity.

    Once the interest and its contracts are saved, and still inside this transaction, the
    `commissioning.signals.interest_registered` signal is sent; the strategy app answers
    it by drafting an initiative on the organisation's route with the opportunity's
    contracts linked. The interest and the draft are written together or not at all: if a
    receiver fails, the interest is not kept either.
    """
    if not permissions.can_register_interest(actor, organisation):
        raise NotAllowed(
            f"Only commissioners, administrators and executives of {organisation} can "
            "register its interest in buying together."
        )
    existing = OpportunityInterest.objects.filter(
        organisation=organisation,
        basis=opportunity.basis,
        key=opportunity.key,
        window_start=opportunity.window_start,
    ).first()
    if existing is not None:
        raise Conflict(
            f"{organisation} registered its interest in this opportunity on "
            f"{timezone.localtime(existing.created_at):%-d %B %Y}."
        )
    try:
        with transaction.atomic():
            interest = OpportunityInterest.objects.create(
                organisation=organisation,
                basis=opportunity.basis,
                key=opportunity.key,
                window_start=opportunity.window_start,
                window_end=opportunity.window_end,
                note=str(note or "").strip(),
                created_by=actor,
            )
    except IntegrityError:  # registered at the same moment by someone else
        raise Conflict(f"{organisation} has just registered its interest in this.") from None
    interest.contracts.set(opportunity.contract_ids)
    signals.interest_registered.send(sender=OpportunityInterest, interest=interest, actor=actor)
    return interest


def interests_of(organisations: Iterable[Organisation]) -> dict[str, list[OpportunityInterest]]:
    """Registered interests by opportunity identity, for the opportunities page."""
    found: dict[str, list[OpportunityInterest]] = {}
    interests = OpportunityInterest.objects.filter(organisation__in=list(organisations))
    for interest in interests.select_related("organisation"):
        ident = f"{interest.basis}:{interest.key}:{interest.window_start.isoformat()}"
        found.setdefault(ident, []).append(interest)
    return found
