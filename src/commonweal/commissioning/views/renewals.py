"""The renewal calendar: contracts whose notice date falls in the next 24 months, by month."""

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commonweal.commissioning.access import commissioning_staff
from commonweal.commissioning.display import contract_rows, month
from commonweal.commissioning.models import Contract
from commonweal.commissioning.validation import add_months

MONTHS_AHEAD = 24


@commissioning_staff
@require_GET
def renewals(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    until = add_months(today, MONTHS_AHEAD)
    due = list(
        Contract.objects.visible_to(request.user)
        .exclude(status=Contract.Status.ENDED)
        .filter(notice_date__gte=today, notice_date__lte=until)
        .select_related("organisation", "supplier")
        .order_by("notice_date", "title")
    )
    months = [
        {"label": month(first), "id": f"{first:%Y-%m}", "rows": contract_rows(items)}
        for first, items in (
            (key, list(group))
            for key, group in groupby(due, key=lambda c: c.notice_date.replace(day=1))
        )
    ]
    context = {
        "months": months,
        "count": len(due),
        "today": today,
        "until": until,
        "current_section": "commissioning",
        "subsection": "renewals",
    }
    return render(request, "commissioning/renewals.html", context)
