"""Every pattern in the URL configuration, found by walking the resolver through its includes."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "namespace:<route>" for an unnamed pattern
    route: str  # the full pattern, such as "workspace/cases/<str:reference>/"
    view: str  # the dotted path of the view function

    @property
    def namespace(self) -> str:
        return self.key.split(":", 1)[0] if ":" in self.key else ""


def _walk(patterns, prefix: str, namespace: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = entry.name or f"<{route}>"
            key = f"{namespace}:{name}" if namespace else name
            callback = entry.callback
            view = f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
            yield Pattern(key=key, route=route, view=view)


def all_patterns() -> list[Pattern]:
    """Every pattern, in the order Django tries them."""
    return list(_walk(get_resolver().url_patterns, "", ""))
