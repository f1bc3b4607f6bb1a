"""Filling in a definition's notification templates from the fixed set of placeholders."""

from .checks import PLACEHOLDERS, placeholders_in
from .structure import Definition


def render_notification(
    *, definition: Definition, template: str, values: dict[str, str]
) -> tuple[str, str]:
    """The (subject, body) of a template with its placeholders filled in.

    `values` must give every placeholder the template uses; names outside PLACEHOLDERS
    are refused, so personal data cannot be slipped in by a definition.
    """
    found = definition.notifications[template]
    unknown = sorted(set(values) - set(PLACEHOLDERS))
    if unknown:
        raise ValueError(f"unknown placeholders: {', '.join(unknown)}")
    used = set(placeholders_in(found.subject)) | set(placeholders_in(found.body))
    missing = sorted(used - set(values))
    if missing:
        raise ValueError(f"template {template!r} needs values for: {', '.join(missing)}")
    return found.subject.format_map(values), found.body.format_map(values)
