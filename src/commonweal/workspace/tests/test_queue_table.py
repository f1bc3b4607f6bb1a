"""`queue_table_rows` writes the same rows, escaped the same way, as a template loop did."""

import re

from django.template import Context, Template

from commonweal.workspace.display import QueueRow

LOOP = Template(
    """{% for row in rows %}
      <tr class="govuk-table__row">
        <td class="govuk-table__cell">
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="select-{{ row.reference }}" name="{{ cases_name }}" type="checkbox" value="{{ row.selection }}">
              <label class="govuk-label govuk-checkboxes__label" for="select-{{ row.reference }}"><span class="govuk-visually-hidden">Select {{ row.reference }}</span></label>
            </div>
          </div>
        </td>
        <td class="govuk-table__cell"><a class="govuk-link" href="{{ row.url }}">{{ row.reference }}</a></td>
        <td class="govuk-table__cell">{{ row.service }}</td>
        <td class="govuk-table__cell">{{ row.state }}</td>
        <td class="govuk-table__cell"><strong class="govuk-tag {{ row.priority_tag }}">{{ row.priority }}</strong></td>
        <td class="govuk-table__cell">{{ row.submitted }}</td>
        <td class="govuk-table__cell">{{ row.due }}{% if row.overdue %} <strong class="govuk-tag govuk-tag--red">Overdue</strong>{% endif %}</td>
        <td class="govuk-table__cell">{{ row.team|default:"\N{EN DASH}" }}</td>
        <td class="govuk-table__cell">{{ row.assignee|default:"Nobody" }}</td>
      </tr>
      {% endfor %}"""  # noqa: E501 (the markup as the template had it)
)
TAG = Template("{% load queue_table %}{% queue_table_rows rows cases_name %}")


def row(**changes) -> QueueRow:
    fields = {
        "reference": "CW-7K3F-9Q2M", "url": "/workspace/cases/CW-7K3F-9Q2M/",
        "selection": "CW-7K3F-9Q2M:3", "service": "Report a pothole", "state": "Submitted",
        "priority": "Normal", "priority_tag": "govuk-tag--blue", "submitted": "2 Mar 2026, 12:00",
        "due": "16 Mar 2026, 17:00", "overdue": False, "team": "Highways", "assignee": "Ann Lee",
    }  # fmt: skip
    return QueueRow(**{**fields, **changes})


def without_layout(html: str) -> str:
    """The markup with the whitespace between tags taken out (browsers ignore it there)."""
    return re.sub(r">\s+<", "><", html).strip()


def test_the_rows_match_the_template_loop_they_replace():
    rows = [
        row(),
        row(overdue=True, team="", assignee=""),
        row(service='Fly-tipping & "dumping"', state="<Closed>", assignee="O'Brien"),
    ]
    context = Context({"rows": rows, "cases_name": "bulk-cases"})

    written = TAG.render(context)

    assert without_layout(written) == without_layout(LOOP.render(context))
    assert "Fly-tipping &amp; &quot;dumping&quot;" in written
    assert "&lt;Closed&gt;" in written and "O&#x27;Brien" in written
    assert written.count("govuk-tag--red") == 1
    assert ">\N{EN DASH}</td>" in written and ">Nobody</td>" in written


def test_no_rows_write_nothing():
    assert TAG.render(Context({"rows": [], "cases_name": "bulk-cases"})) == ""
