"""cases.queries: the queue shows only the user's cases, filters them, and pages by keyset."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases.models import Channel, Event
from commonweal.cases.queries import BadCursor, QueueFilters, case_timeline, queue
from commonweal.cases.tests.factories import CaseFactory, OfferingFactory, standard_definition

LONDON = ZoneInfo("Europe/London")
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=LONDON)


def references(page) -> list[str]:
    return [case.reference for case in page.cases]


def case(council, **fields):
    return CaseFactory(offering=council.offering, **fields)


def everything(user, filters, limit):
    """Every page, following the next cursors from the first."""
    pages, after = [], None
    while True:
        page = queue(user=user, filters=filters, after=after, limit=limit)
        pages.append(page)
        if page.next_cursor is None:
            return pages
        after = page.next_cursor


def test_only_the_users_organisations_cases(council, other_council):
    mine = case(council)
    case(other_council)

    page = queue(user=council.caseworker, filters=QueueFilters())

    assert references(page) == [mine.reference]


def test_a_platform_admin_sees_every_organisations_cases(council, other_council):
    both = {case(council).reference, case(other_council).reference}
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert set(references(queue(user=admin, filters=QueueFilters()))) == both


def test_someone_without_a_case_role_sees_nothing(council):
    case(council)

    assert queue(user=UserFactory(), filters=QueueFilters()).cases == []


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("open", {"open"}),
        ("closed", {"closed"}),
        ("any", {"open", "closed"}),
        ("triaged", {"open"}),
    ],
)
def test_state_filters(council, state, expected):
    opened = case(council, state="triaged")
    closed = case(council, state="fixed", closed_at=NOON)
    names = {opened.reference: "open", closed.reference: "closed"}

    page = queue(user=council.caseworker, filters=QueueFilters(state=state))

    assert {names[r] for r in references(page)} == expected


def test_service_team_priority_and_channel_filters(council):
    bins = OfferingFactory(
        organisation=council.organisation,
        definition=standard_definition("missed-bin"),
        team=council.other_team,
    )
    pothole = case(council, priority="urgent", channel=Channel.PHONE)
    missed = CaseFactory(offering=bins, priority="low", channel=Channel.WEB)
    user = council.caseworker

    def found(**filters):
        return references(queue(user=user, filters=QueueFilters(**filters)))

    assert found(service="missed-bin") == [missed.reference]
    assert found(service="pothole") == [pothole.reference]
    assert found(team=council.other_team.pk) == [missed.reference]
    assert found(priority="urgent") == [pothole.reference]
    assert found(channel="phone") == [pothole.reference]
    assert found(channel="email") == []


def test_assignee_filters(council):
    mine = case(council, assignee=council.caseworker)
    theirs = case(council, assignee=council.owner)
    nobodys = case(council)
    user = council.caseworker

    def found(assignee):
        return references(queue(user=user, filters=QueueFilters(assignee=assignee)))

    assert found("me") == [mine.reference]
    assert found("unassigned") == [nobodys.reference]
    assert found(council.owner.pk) == [theirs.reference]


def test_overdue_means_due_in_the_past_and_still_open(council):
    now = datetime.now(LONDON)
    late = case(council, due_at=now - timedelta(hours=1))
    case(council, due_at=now + timedelta(days=1))
    case(council, due_at=now - timedelta(days=2), state="fixed", closed_at=now)

    page = queue(user=council.caseworker, filters=QueueFilters(overdue=True, state="any"))

    assert references(page) == [late.reference]


def test_date_range_takes_whole_days_in_uk_time(council):
    just_before = case(council, submitted_at=datetime(2026, 3, 1, 23, 59, tzinfo=LONDON))
    first = case(council, submitted_at=datetime(2026, 3, 2, 0, 0, tzinfo=LONDON))
    last = case(council, submitted_at=datetime(2026, 3, 3, 23, 59, tzinfo=LONDON))
    case(council, submitted_at=datetime(2026, 3, 4, 0, 0, tzinfo=LONDON))
    filters = QueueFilters(submitted_from=date(2026, 3, 2), submitted_to=date(2026, 3, 3))

    page = queue(user=council.caseworker, filters=filters)

    assert references(page) == [last.reference, first.reference]
    assert just_before.reference not in references(page)


def test_a_reference_finds_the_case_whatever_the_other_filters(council):
    closed = case(council, state="fixed", closed_at=NOON)
    typed = closed.reference.lower().replace("-", " ")

    page = queue(user=council.caseworker, filters=QueueFilters(text=typed, priority="urgent"))

    assert references(page) == [closed.reference]


def test_a_reference_of_another_organisation_finds_nothing(council, other_council):
    theirs = case(other_council)

    page = queue(user=council.caseworker, filters=QueueFilters(text=theirs.reference))

    assert page.cases == []


def test_words_must_all_be_in_the_description(council):
    both = case(council, description="A deep hole outside the bus stop")
    case(council, description="A deep puddle")

    page = queue(user=council.caseworker, filters=QueueFilters(text="HOLE deep"))

    assert references(page) == [both.reference]


def test_sorts(council):
    old = case(council, submitted_at=NOON - timedelta(days=2), due_at=NOON + timedelta(days=9))
    new = case(council, submitted_at=NOON, due_at=NOON + timedelta(days=1))
    undated = case(council, submitted_at=NOON - timedelta(days=1), due_at=None)

    def order(sort):
        return references(queue(user=council.caseworker, filters=QueueFilters(sort=sort)))

    assert order("newest") == [new.reference, undated.reference, old.reference]
    assert order("oldest") == [old.reference, undated.reference, new.reference]
    assert order("due") == [new.reference, old.reference, undated.reference]


@pytest.fixture
def crowd(council):
    """23 cases with ties in both sort keys, and three without a due time."""
    cases = []
    for n in range(23):
        cases.append(
            case(
                council,
                submitted_at=NOON - timedelta(hours=n // 3),  # three at each moment
                due_at=None if n % 8 == 0 else NOON + timedelta(days=n % 4),
            )
        )
    return cases


def expected_order(cases, sort):
    if sort == "newest":
        key = lambda c: (-c.submitted_at.timestamp(), -c.pk)  # noqa: E731
    elif sort == "oldest":
        key = lambda c: (c.submitted_at.timestamp(), c.pk)  # noqa: E731
    else:
        key = lambda c: (c.due_at is None, c.due_at.timestamp() if c.due_at else 0, c.pk)  # noqa: E731
    return [c.reference for c in sorted(cases, key=key)]


@pytest.mark.parametrize("sort", ["newest", "oldest", "due"])
@pytest.mark.parametrize("limit", [1, 4, 5, 22, 23, 50])
def test_following_next_lists_every_case_once_in_order(council, crowd, sort, limit):
    pages = everything(council.caseworker, QueueFilters(sort=sort), limit)

    listed = [reference for page in pages for reference in references(page)]
    assert listed == expected_order(crowd, sort)
    assert all(len(page.cases) == limit for page in pages[:-1])
    assert pages[0].previous_cursor is None
    assert all(page.previous_cursor for page in pages[1:])


@pytest.mark.parametrize("sort", ["newest", "oldest", "due"])
def test_previous_goes_back_through_the_same_pages(council, crowd, sort):
    user, filters = council.caseworker, QueueFilters(sort=sort)
    pages = everything(user, filters, 5)

    back, page = [], pages[-1]
    while page.previous_cursor:
        page = queue(user=user, filters=filters, after=page.previous_cursor, limit=5)
        back.append(references(page))

    assert back == [references(p) for p in pages[:-1]][::-1]
    assert page.previous_cursor is None


def test_a_page_added_to_meanwhile_neither_repeats_nor_skips(council, crowd):
    user, filters = council.caseworker, QueueFilters()
    first = queue(user=user, filters=filters, limit=10)
    case(council, submitted_at=NOON + timedelta(hours=1))  # newer: before the first page

    second = queue(user=user, filters=filters, after=first.next_cursor, limit=10)

    assert references(second) == expected_order(crowd, "newest")[10:20]


@pytest.mark.parametrize("cursor", ["nonsense", "e30", "WyJuZXdlc3QiLCJuIiwxLDJd", "=="])
def test_a_cursor_it_did_not_make_is_refused(council, cursor):
    with pytest.raises(BadCursor):
        queue(user=council.caseworker, filters=QueueFilters(), after=cursor)


def test_a_cursor_for_another_sort_is_refused(council, crowd):
    cursor = queue(user=council.caseworker, filters=QueueFilters(), limit=5).next_cursor

    with pytest.raises(BadCursor):
        queue(user=council.caseworker, filters=QueueFilters(sort="due"), after=cursor)


def test_the_timeline_in_order_and_public_only_when_asked(council):
    subject = case(council)
    Event.objects.create(case=subject, at=NOON, kind=Event.Kind.SUBMITTED, public=True)
    Event.objects.create(case=subject, at=NOON + timedelta(minutes=5), kind="note", note="x")
    Event.objects.create(case=subject, at=NOON + timedelta(minutes=9), kind="note", public=True)

    everything_ = case_timeline(case=subject, public_only=False)
    public = case_timeline(case=subject, public_only=True)

    assert [e.at for e in everything_] == sorted(e.at for e in everything_)
    assert len(everything_) == 3
    assert [e.public for e in public] == [True, True]


def test_the_public_timeline_reads_no_one_who_acted(council, django_assert_num_queries):
    subject = case(council)
    Event.objects.create(
        case=subject, at=NOON, kind="note", public=True, actor=council.caseworker, note="Fixed"
    )

    with django_assert_num_queries(1) as captured:
        public = case_timeline(case=subject, public_only=True)

    assert [e.note for e in public] == ["Fixed"]
    assert "accounts_user" not in captured.captured_queries[0]["sql"]


def test_joined_rows_come_with_the_page(council, django_assert_num_queries):
    case(council, team=council.offering.team, assignee=council.caseworker)

    page = queue(user=council.caseworker, filters=QueueFilters(), joined=("team", "assignee"))

    with django_assert_num_queries(0):
        assert [(c.team.name, c.assignee.email) for c in page.cases] == [
            (council.offering.team.name, council.caseworker.email)
        ]


@pytest.mark.parametrize("sort", ["newest", "oldest", "due"])
def test_a_member_of_two_organisations_pages_through_both_in_order(council, other_council, sort):
    from commonweal.organisations.tests.factories import MembershipFactory

    MembershipFactory(user=council.caseworker, organisation=other_council.organisation)
    cases = [
        case(
            council if n % 3 else other_council,
            submitted_at=NOON - timedelta(hours=n // 2),
            due_at=None if n % 7 == 0 else NOON + timedelta(days=n % 5),
        )
        for n in range(17)
    ]

    pages = everything(council.caseworker, QueueFilters(sort=sort), 4)

    assert [r for page in pages for r in references(page)] == expected_order(cases, sort)
    back = queue(
        user=council.caseworker,
        filters=QueueFilters(sort=sort),
        after=pages[2].previous_cursor,
        limit=4,
    )
    assert references(back) == references(pages[1])
