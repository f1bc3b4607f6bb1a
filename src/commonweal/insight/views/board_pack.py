"""The board pack page: choose an organisation and a period, download the PDF.

A GET form: with no `organisation` in the query it only shows the form; with one it makes
the PDF, or shows the form again with the period's errors (status 400), or says that
the server cannot make PDFs when WeasyPrint cannot be loaded (503). An organisation
the person may not make a pack for answers 404. The figures come from
`insight.board_pack`, who may make one from `insight.permissions`.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commonweal.insight import board_pack as packs
from commonweal.insight import periods, permissions
from commonweal.insight.views.dashboards import date_fields

UNAVAILABLE = (
    "This server cannot make PDFs at the moment: its administrator needs to install "
    "WeasyPrint's system libraries (see the README). Try again later."
)


@login_required
@require_GET
def board_pack(request: HttpRequest) -> HttpResponse:
    allowed = permissions.board_pack_organisations(request.user)
    if not allowed:
        raise Http404
    slug = request.GET.get("organisation")
    chosen = None
    if slug is not None:
        chosen = next((o for o in allowed if o.slug == slug), None)
        if chosen is None:
            raise Http404
    choice = periods.choose(params=request.GET, today=timezone.localdate())
    errors = list(choice.errors.items())
    if chosen is not None and not choice.errors:
        start, end = choice.period.start, choice.period.end
        try:
            pdf = packs.render_board_pack(organisation=chosen, start=start, end=end)
        except packs.PdfUnavailable:
            errors = [("", UNAVAILABLE)]
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            name = packs.filename(organisation=chosen, start=start, end=end)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    context = {
        "organisations": allowed,
        "chosen": chosen or allowed[0],
        "choice": choice,
        "period_choices": list(periods.CHOICES.items()),
        "errors": errors,
        "date_fields": date_fields(choice),
        "current_section": "insight-dashboards",
    }
    status = 200
    if chosen is not None and errors:
        status = 400 if choice.errors else 503
    return render(request, "insight/board_pack/form.html", context, status=status)
