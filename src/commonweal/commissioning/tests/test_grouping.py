"""Opportunity grouping on hand-made contracts: the window's edges, bases and organisations."""

from datetime import date
from decimal import Decimal

import pytest

from commonweal.commissioning.opportunities import ContractRow, check_window, group_rows
from commonweal.commissioning.validation import ContractInvalid, add_months, notice_date_for


def row(pk, org, end, *, group="905", supplier=None, annual="1000", notice=None, asset=None):
    end_date = date.fromisoformat(end)
    return ContractRow(
        id=pk,
        organisation_id=org,
        supplier_id=supplier if supplier is not None else 100 + pk,
        cpv_group=group,
        end_date=end_date,
        notice_date=date.fromisoformat(notice) if notice else end_date,
        annual_value=Decimal(annual),
        commons_asset_id=asset,
    )


def by_category(rows, months=6):
    return [opp for opp in group_rows(rows, within_months=months) if opp.basis == "cpv-group"]


def test_two_organisations_ending_within_the_window_make_an_opportunity():
    [opp] = by_category([row(1, 1, "2027-03-31"), row(2, 2, "2027-06-30")])

    assert opp.contract_ids == [1, 2]
    assert opp.organisation_ids == [1, 2]
    assert opp.key == "905"
    assert (opp.window_start, opp.window_end) == (date(2027, 3, 31), date(2027, 6, 30))


def test_exactly_the_window_apart_is_inside_and_a_day_more_is_outside():
    edge = [row(1, 1, "2027-01-15"), row(2, 2, "2027-07-15")]
    beyond = [row(1, 1, "2027-01-15"), row(2, 2, "2027-07-16")]

    assert len(by_category(edge)) == 1
    assert by_category(beyond) == []


def test_month_ends_are_clamped_31_march_plus_six_months_is_30_september():
    assert add_months(date(2027, 3, 31), 6) == date(2027, 9, 30)
    assert len(by_category([row(1, 1, "2027-03-31"), row(2, 2, "2027-09-30")])) == 1
    assert by_category([row(1, 1, "2027-03-31"), row(2, 2, "2027-10-01")]) == []


def test_one_organisations_contracts_alone_are_no_opportunity():
    assert by_category([row(1, 1, "2027-01-01"), row(2, 1, "2027-02-01")]) == []


def test_different_cpv_groups_do_not_mix():
    rows = [row(1, 1, "2027-01-01", group="905"), row(2, 2, "2027-01-02", group="480")]

    assert by_category(rows) == []


def test_a_lone_early_contract_does_not_hide_a_later_pair():
    # Council 1's January contract has nobody within six months of it; its June one and
    # council 2's July one are ten days apart and must still be found.
    rows = [row(1, 1, "2027-01-01"), row(2, 1, "2027-06-30"), row(3, 2, "2027-07-10")]

    [opp] = by_category(rows)

    assert opp.contract_ids == [2, 3]


def test_every_member_is_within_the_window_of_the_first_and_groups_do_not_overlap():
    rows = [row(i, i % 3, f"2027-{m:02d}-01") for i, m in enumerate(range(1, 13), start=1)]

    found = by_category(rows, months=3)

    assert [o.contract_ids for o in found] == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
    for opp in found:
        assert opp.window_end <= add_months(opp.window_start, 3)


def test_totals_organisations_earliest_notice_and_linked_assets():
    rows = [
        row(1, 1, "2027-03-31", annual="1200.50", notice="2026-09-30", asset=7),
        row(2, 2, "2027-04-30", annual="799.50", notice="2026-10-31"),
        row(3, 1, "2027-05-31", annual="1000", notice="2026-08-31", asset=7),
    ]

    [opp] = by_category(rows)

    assert opp.combined_annual_value == Decimal("3000.00")
    assert opp.organisation_ids == [1, 2]
    assert opp.earliest_notice_date == date(2026, 8, 31)
    assert opp.linked_asset_ids == [7]


def test_the_same_supplier_across_categories_is_an_opportunity_by_supplier():
    rows = [
        row(1, 1, "2027-01-01", group="905", supplier=9),
        row(2, 2, "2027-02-01", group="480", supplier=9),
    ]

    found = group_rows(rows, within_months=6)

    assert [(o.basis, o.key, o.contract_ids) for o in found] == [("supplier", "9", [1, 2])]


def test_identity_names_basis_key_and_first_end_date():
    [opp] = by_category([row(1, 1, "2027-03-31"), row(2, 2, "2027-06-30")])

    assert opp.ident == "cpv-group:905:2027-03-31"


def test_notice_date_is_the_end_date_less_the_notice_period():
    assert notice_date_for(date(2027, 3, 31), 6) == date(2026, 9, 30)
    assert notice_date_for(date(2027, 3, 31), 0) == date(2027, 3, 31)
    assert notice_date_for(date(2028, 2, 29), 12) == date(2027, 2, 28)


@pytest.mark.parametrize("bad", ["0", "61", "six", "-3", "", None, True])
def test_windows_outside_1_to_60_months_are_refused(bad):
    with pytest.raises(ContractInvalid) as refused:
        check_window(bad)
    assert "within" in refused.value.errors


def test_no_rows_no_opportunities():
    assert group_rows([], within_months=6) == []


def test_a_supplier_opportunity_with_the_same_contracts_as_a_category_one_is_left_out():
    rows = [row(1, 1, "2027-01-01", supplier=9), row(2, 2, "2027-02-01", supplier=9)]

    assert [o.basis for o in group_rows(rows, within_months=6)] == ["cpv-group"]
