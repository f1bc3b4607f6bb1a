"""Properties of opportunity grouping on random contracts: the numpy sweep agrees with a
plain reading of the rule, every window holds two organisations within the window, and
windows on one basis never overlap."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from commonweal.commissioning.opportunities import ContractRow, group_rows
from commonweal.commissioning.validation import add_months

START = date(2027, 1, 1)
contract = st.tuples(
    st.integers(1, 4),  # organisation
    st.integers(1, 3),  # supplier
    st.sampled_from(["905", "773", "480"]),
    st.integers(0, 900),  # days after START
    st.integers(0, 500_000),  # annual value in pounds
)


def rows_of(specs) -> list[ContractRow]:
    return [
        ContractRow(
            id=i, organisation_id=org, supplier_id=sup, cpv_group=group,
            end_date=START + timedelta(days=days), notice_date=START + timedelta(days=days // 2),
            annual_value=Decimal(value), commons_asset_id=None,
        )
        for i, (org, sup, group, days, value) in enumerate(specs, start=1)
    ]  # fmt: skip


def plainly(rows, months, key):
    """The rule read plainly: windows from the earliest unused contract, per key."""
    found = []
    for k in sorted({key(r) for r in rows}):
        run = sorted((r for r in rows if key(r) == k), key=lambda r: (r.end_date, r.id))
        first = 0
        while first < len(run):
            limit = add_months(run[first].end_date, months)
            window = [r for r in run[first:] if r.end_date <= limit]
            if len({r.organisation_id for r in window}) >= 2:
                found.append([r.id for r in window])
                first += len(window)
            else:
                first += 1
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(contract, max_size=40), st.integers(1, 12))
def test_the_sweep_agrees_with_the_rule_read_plainly(specs, months):
    rows = rows_of(specs)
    found = group_rows(rows, within_months=months)

    by_group = [o.contract_ids for o in found if o.basis == "cpv-group"]
    assert sorted(by_group) == sorted(plainly(rows, months, lambda r: r.cpv_group))
    expected = [
        ids for ids in plainly(rows, months, lambda r: r.supplier_id)
        if sorted(ids) not in [sorted(g) for g in by_group]
    ]  # fmt: skip
    assert sorted(o.contract_ids for o in found if o.basis == "supplier") == sorted(expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(contract, max_size=40), st.integers(1, 12))
def test_every_opportunity_keeps_the_rule(specs, months):
    rows = rows_of(specs)
    by_id = {r.id: r for r in rows}

    found = group_rows(rows, within_months=months)

    for basis in ("cpv-group", "supplier"):
        seen: set[int] = set()
        for opp in (o for o in found if o.basis == basis):
            members = [by_id[pk] for pk in opp.contract_ids]
            assert len({m.organisation_id for m in members}) >= 2
            assert max(m.end_date for m in members) <= add_months(opp.window_start, months)
            assert opp.combined_annual_value == sum(m.annual_value for m in members)
            assert opp.earliest_notice_date == min(m.notice_date for m in members)
            assert not seen.intersection(opp.contract_ids)
            seen.update(opp.contract_ids)
