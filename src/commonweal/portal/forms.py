"""The directory's search and filter form, read from the query string."""

from django import forms

from commonweal.organisations.models import Kind, Nation


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", max_length=200, required=False, strip=True)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Any kind"), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a kind of organisation from the list"},
    )
    nation = forms.ChoiceField(
        label="Nation",
        choices=[("", "Any nation"), *Nation.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a nation from the list"},
    )
