"""`field|select_options`: a select's options as plain (value, label, selected) tuples.

Iterating a bound field in a template makes a widget and a context dict for every option,
which for a queue page's eight selects (one listing every caseworker) took a third of the
page's time. The result is the same: values as text, groups flattened, and only the first
option matching the field's value selected, as Django's Select widget does.
"""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def select_options(field: BoundField) -> list[tuple[str, str, bool]]:
    current = field.value()
    wanted = {str(v) if v is not None else "" for v in _as_list(current)}
    options, chosen = [], False
    for value, label in _flattened(field.field.choices):
        text = "" if value is None else str(value)
        selected = not chosen and text in wanted
        chosen = chosen or selected
        options.append((text, str(label), selected))
    return options


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _flattened(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # a named group of choices
            yield from label
        else:
            yield value, label
