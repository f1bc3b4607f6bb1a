"""The framework's public pages: the index of every theme, and one page for each theme."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonweal.strategy.framework import load_framework


def _paragraphs(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    framework = load_framework()
    sections = [(group, framework.themes_in(group.key)) for group in framework.groups]
    context = {
        "framework": framework,
        "introduction": _paragraphs(framework.introduction),
        "sections": sections,
        "current_section": "strategy",
    }
    return render(request, "strategy/framework/index.html", context)


@require_GET
def theme_page(request: HttpRequest, key: str) -> HttpResponse:
    framework = load_framework()
    try:
        theme = framework.theme(key)
    except KeyError:
        raise Http404("No theme with that key in the framework.") from None
    before, after = framework.neighbours(key)
    context = {
        "framework": framework,
        "theme": theme,
        "group": framework.group(theme.group),
        "before": before,
        "after": after,
        "current_section": "strategy",
    }
    return render(request, "strategy/framework/theme.html", context)
