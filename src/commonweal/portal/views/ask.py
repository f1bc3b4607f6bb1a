"""Asking for a service, a step a page: location, questions, contact details, check, sent.

The steps keep a draft in the session (portal/draft.py); the rules are in the modules
named for each step. Each step's form posts back to itself: on a problem the page comes
back with what was typed and the problems, on success it goes on to the next step (or
back to "check your answers" when the resident came from there to change something).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonweal.cases import intake
from commonweal.cases.state import long_date
from commonweal.core import ratelimit
from commonweal.portal import catalogue, draft, location, photos, questions, sending, summary
from commonweal.portal.display import map_settings
from commonweal.portal.forms import ContactForm
from commonweal.services import engine

ORDER = ("location", "questions", "contact", "check")


def _url(code: str, step: str, *, changing: bool = False) -> str:
    url = reverse(f"portal:ask-{step}", args=[code])
    return f"{url}?change=1" if changing else url


def _changing(request: HttpRequest) -> bool:
    return (request.POST.get("change") or request.GET.get("change")) == "1"


def _back(code: str, step: str, changing: bool) -> str:
    if changing:
        return _url(code, "check")
    if step == "location":
        return reverse("portal:service", args=[code])
    return _url(code, ORDER[ORDER.index(step) - 1])


def _onwards(found: draft.Draft, step: str, changing: bool) -> HttpResponse:
    following = ORDER[ORDER.index(step) + 1]
    if changing and found.next_step() == "check":
        following = "check"
    return redirect(_url(found.code, following))


def _context(request: HttpRequest, definition: engine.Definition, step: str, **extra) -> dict:
    changing = _changing(request)
    return {
        "definition": definition,
        "changing": changing,
        "back_url": _back(definition.code, step, changing),
        "current_section": "services",
        **extra,
    }


@require_GET
def ask(request: HttpRequest, code: str) -> HttpResponse:
    catalogue.published(code)
    return redirect(_url(code, draft.load(request, code).next_step()))


@require_http_methods(["GET", "POST"])
def location_step(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    found = draft.load(request, code)
    typed, choices, problems = dict(found.located_by), [], []
    if request.method == "POST":
        typed = {name: request.POST.get(name, "").strip()[:200] for name in ("lat", "lon", "place")}
        action = request.POST.get("action", "")
        action = action if action in ("search", "choose") else "continue"
        try:
            routed, choices = location.locate(
                definition, typed, action, request.POST.get("choice", "")
            )
        except location.LocationProblem as problem:
            routed, problems = None, problem.problems
            if action == "choose" and any(key == "choice" for key, _ in problems):
                choices = location.places_or_none(typed["place"])
        if routed is not None:
            if action != "continue":
                typed |= {"lat": str(routed.lat), "lon": str(routed.lon)}
            found.location, found.located_by = routed.as_dict(), typed
            found.refused.pop("location", None)
            draft.save(request, found)
            return _onwards(found, "location", _changing(request))
    else:
        problems = [(k, m) for k, ms in found.refused.pop("location", {}).items() for m in ms]
        draft.save(request, found)
    errors = {key: message for key, message in reversed(problems)}
    context = _context(
        request,
        definition,
        "location",
        question=definition.location_question,
        typed=typed,
        choices=choices,
        errors=errors,
        error_summary=[(_location_id(key), message) for key, message in problems],
        **map_settings(),
        geocoder_limits=location.GEOCODER_LIMITS,
    )
    return render(request, "portal/ask/location.html", context)


def _location_id(key: str) -> str:
    return "choice-0" if key == "choice" else key


@require_http_methods(["GET", "POST"])
def questions_step(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    found = draft.load(request, code)
    if not found.reached("questions"):
        return redirect(_url(code, found.next_step()))
    photo = questions.photo_question(definition)
    if request.method == "POST":
        found.typed = questions.read_typed(definition, request.POST)
        photo_errors: list[str] = []
        if photo is not None:
            uploads = request.FILES.getlist(questions.field_name(photo.id))
            found.photos, photo_errors = photos.add(photo, uploads, found.photos)
        answers = questions.engine_answers(
            definition, found.typed, location=found.location, photos=len(found.photos)
        )
        cleaned, errors = questions.check(definition, answers)
        if photo_errors and photo is not None:
            errors[photo.id] = photo_errors + errors.get(photo.id, [])
        found.answers = None if errors else cleaned
        if not errors:
            found.refused.pop("questions", None)
        draft.save(request, found)
        if not errors:
            return _onwards(found, "questions", _changing(request))
    else:
        errors = found.refused.pop("questions", {})
        draft.save(request, found)
    fields = questions.fields(definition, found.typed, errors, photos=len(found.photos))
    context = _context(
        request,
        definition,
        "questions",
        fields=fields,
        date_parts=questions.DATE_INPUTS,
        photos=found.photos,
        multipart=photo is not None,
        organisation=(found.location or {}).get("organisation", ""),
        error_summary=[(field.id, message) for field in fields for message in field.errors],
    )
    return render(request, "portal/ask/questions.html", context)


@require_POST
def remove_photo(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    found = draft.load(request, code)
    found.photos = photos.remove(request.POST.get("token", ""), found.photos)
    found.answers = None  # the count changed: the questions step checks it again
    draft.save(request, found)
    photo = questions.photo_question(definition)
    anchor = f"#{questions.field_name(photo.id)}" if photo else ""
    return redirect(_url(code, "questions", changing=_changing(request)) + anchor)


@require_http_methods(["GET", "POST"])
def contact_step(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    found = draft.load(request, code)
    if not found.reached("contact"):
        return redirect(_url(code, found.next_step()))
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            found.contact = form.cleaned_data
            found.refused.pop("contact", None)
            draft.save(request, found)
            return _onwards(found, "contact", _changing(request))
    else:
        form = _contact_form(request, found)
    context = _context(
        request,
        definition,
        "contact",
        form=form,
        error_summary=[(f.id_for_label, message) for f in form for message in f.errors],
    )
    return render(request, "portal/ask/contact.html", context)


def _contact_form(request: HttpRequest, found: draft.Draft) -> ContactForm:
    """Blank (with the account's details), as saved, or as saved with intake's refusals."""
    refused = found.refused.pop("contact", {})
    if found.contact is None and not refused:
        user = request.user
        initial = {"name": user.full_name, "email": user.email} if user.is_authenticated else {}
        return ContactForm(initial=initial)
    saved = found.contact or {}
    form = ContactForm({**saved, "consent": "on" if saved.get("consent") else ""})
    form.is_valid()
    for key, messages in refused.items():
        for message in messages:
            form.add_error(key if key in form.fields else None, message)
    draft.save(request, found)
    return form


@require_http_methods(["GET", "POST"])
def check_step(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    found = draft.load(request, code)
    if found.next_step() != "check":
        return redirect(_url(code, found.next_step()))
    problems = found.refused.pop("check", {})
    if request.method == "POST":
        wait = sending.wait_before_sending(
            address=ratelimit.client_ip(request), session_key=request.session.session_key or ""
        )
        if wait:
            draft.save(request, found)
            return _too_many(request, definition, wait)
        try:
            case = sending.send(draft=found, definition=definition, user=request.user)
        except intake.UnknownService:
            return redirect(reverse("portal:service", args=[code]))
        except intake.IntakeRefused as refused:
            found.refused = sending.refusal_steps(definition, refused)
            draft.save(request, found)
            first = next(step for step in ORDER if step in found.refused)
            return redirect(_url(code, first))
        draft.discard(request, code)
        draft.remember_sent(request, code, _sent(case))
        return redirect(reverse("portal:ask-done", args=[code]))
    draft.save(request, found)
    context = _context(
        request,
        definition,
        "check",
        sections=summary.sections(definition, found),
        error_summary=[("send", m) for ms in problems.values() for m in ms],
    )
    return render(request, "portal/ask/check.html", context)


def _too_many(request: HttpRequest, definition: engine.Definition, wait: int) -> HttpResponse:
    context = {
        "definition": definition,
        "wait": ratelimit.wait_text(wait),
        "check_url": _url(definition.code, "check"),
        "current_section": "services",
    }
    response = render(request, "portal/ask/too_many.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _sent(case) -> dict[str, str]:
    return {
        "reference": case.reference,
        "organisation": case.organisation.name,
        "due": long_date(case.due_at) if case.due_at else "",
    }


@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    _, definition = catalogue.published(code)
    sent = draft.sent(request, code)
    if sent is None:
        return redirect(reverse("portal:service", args=[code]))
    context = {"definition": definition, "sent": sent, "current_section": "services"}
    return render(request, "portal/ask/done.html", context)
