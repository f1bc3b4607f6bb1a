"""`select_options` and `option_tags` render a select exactly as iterating the bound field
would."""

import re

import pytest
from django import forms
from django.template import Context, Template

from commonweal.organisations.models import Organisation
from commonweal.organisations.tests.factories import OrganisationFactory

OURS = Template(
    "{% load form_options %}{% for value, label, selected in field|select_options %}"
    '<option value="{{ value }}"{% if selected %} selected{% endif %}>{{ label }}</option>'
    "{% endfor %}"
)
TAGS = Template("{% load form_options %}{{ field|option_tags }}")
DJANGOS = Template(
    '{% for option in field %}<option value="{{ option.data.value }}"'
    "{% if option.data.selected %} selected{% endif %}>{{ option.choice_label }}</option>"
    "{% endfor %}"
)


class Filters(forms.Form):
    state = forms.ChoiceField(
        required=False,
        choices=[("", "Any state"), ("Open", [("new", "New"), ("triaged", "Triaged")]),
                 ("closed", "Closed <done>")],
    )  # fmt: skip
    repeated = forms.ChoiceField(required=False, choices=[("a", "A"), ("a", "A again")])
    organisation = forms.ModelChoiceField(
        required=False, queryset=Organisation.objects.order_by("name"), empty_label="Any"
    )


def both(form: Filters, name: str) -> tuple[str, str]:
    context = Context({"field": form[name]})
    ours = OURS.render(context)
    assert TAGS.render(context) == ours
    return ours, DJANGOS.render(context)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{}, {"state": "triaged", "repeated": "a"}, {"state": "nothing-like-it"}, None],
)
def test_the_options_match_what_django_renders(data):
    first = OrganisationFactory(name="Avon Council")
    OrganisationFactory(name="Bath & Wells Council")
    form = Filters(data) if data is not None else Filters(initial={"organisation": first.pk})
    if data is not None:
        data["organisation"] = str(first.pk)
        form = Filters(data)
    for name in ("state", "repeated", "organisation"):
        ours, djangos = both(form, name)
        assert ours == djangos
    ours, _ = both(form, "organisation")
    assert "Bath &amp; Wells Council" in ours and len(re.findall(" selected", ours)) == 1


def test_a_grouped_choice_is_flattened_and_escaped():
    ours, _ = both(Filters({"state": "triaged"}), "state")
    assert re.findall(r'value="(\w*)"', ours) == ["", "new", "triaged", "closed"]
    assert '<option value="triaged" selected>Triaged</option>' in ours
    assert "Closed &lt;done&gt;" in ours
