"""A resident rates the outcome of their own request, once, after it closes.

The rating is an internal event (kind `rated`, data {score, comment}): it is feedback for
the organisation, not part of the public timeline. It does not change the case, so the
case's version stays as it is.
"""

from django.db import transaction
from django.utils import timezone

from commonweal.accounts.models import User
from commonweal.cases.automation import event, write_events
from commonweal.cases.models import Case, Event

SCORES = range(1, 6)
MAX_COMMENT = 2000


class RatingRefused(ValueError):
    """A rating that cannot be taken; `field` names the part at fault ("score", "comment")."""

    def __init__(self, message: str, field: str = "") -> None:
        self.message = message
        self.field = field
        super().__init__(message)


def may_rate(*, case: Case, user: User | None) -> bool:
    """Whether the user may rate the case now: their own, closed and not yet rated."""
    try:
        _check_may_rate(case, user)
    except RatingRefused:
        return False
    return True


def rating_of(case: Case) -> Event | None:
    return case.events.filter(kind=Event.Kind.RATED).order_by("at", "id").first()


def rate(*, case: Case, user: User, score: int, comment: str = "") -> Event:
    """Record the reporter's score (1 to 5) and optional comment on their closed case."""
    if type(score) is not int or score not in SCORES:
        raise RatingRefused("Choose a score from 1 to 5.", field="score")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise RatingRefused(
            f"Enter a comment of {MAX_COMMENT:,} characters or fewer "
            f"(you entered {len(comment):,}).",
            field="comment",
        )
    with transaction.atomic():
        current = (
            Case.objects.select_for_update(of=("self",)).select_related("reporter").get(pk=case.pk)
        )
        _check_may_rate(current, user)
        rated = event(
            Event.Kind.RATED,
            at=timezone.now(),
            actor=user,
            data={"score": score, "comment": comment},
        )
        return write_events(current, [rated])[0]


def _check_may_rate(case: Case, user: User | None) -> None:
    reporter = case.reporter
    if user is None or not user.is_authenticated or reporter is None or reporter.user_id != user.pk:
        raise RatingRefused("Only the person who made the request can rate it.")
    if not case.is_closed:
        raise RatingRefused("You can rate the outcome once the request is closed.")
    if case.events.filter(kind=Event.Kind.RATED).exists():
        raise RatingRefused("You have already rated this request.")
