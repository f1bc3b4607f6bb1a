"""Bulk assign: each ticked case assigned through lifecycle.assign, with the version shown."""

from dataclasses import dataclass, field

from commonweal.accounts.models import User
from commonweal.cases import lifecycle
from commonweal.cases.models import Case
from commonweal.organisations.models import Team


@dataclass
class BulkResult:
    assigned: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)
    stale: list[str] = field(default_factory=list)

    def messages(self, *, team: Team, assignee: User | None) -> tuple[list[str], list[str]]:
        """(good news, problems) to show on the queue."""
        to = f"{team.name}, {assignee.full_name or assignee.email}" if assignee else team.name
        count = len(self.assigned)
        good = [f"{count} case{'' if count == 1 else 's'} assigned to {to}"] if count else []
        problems = [f"{reference} was not assigned: {reason}" for reference, reason in self.refused]
        problems += [
            f"{reference} was not assigned: someone else changed it after you opened this "
            "list. Check it and try again."
            for reference in self.stale
        ]
        return good, problems


def reason_of(refusal: Exception) -> str:
    return str(getattr(refusal, "reason", "") or refusal)


def bulk_assign(
    *, user, picked: list[tuple[str, int]], team: Team, assignee: User | None
) -> BulkResult:
    """Assign each (reference, version) on its own, so one refusal stops no other."""
    result = BulkResult()
    visible = {
        case.reference: case
        for case in Case.objects.visible_to(user).filter(reference__in=[r for r, _ in picked])
    }
    for reference, version in picked:
        case = visible.get(reference)
        if case is None:
            result.refused.append((reference, "there is no such case that you can see"))
            continue
        try:
            lifecycle.assign(
                case=case, actor=user, team=team, assignee=assignee, expected_version=version
            )
        except lifecycle.StaleCase:
            result.stale.append(reference)
        except (lifecycle.PermissionRefused, lifecycle.ChangeRefused) as refusal:
            result.refused.append((reference, reason_of(refusal)))
        else:
            result.assigned.append(reference)
    return result
