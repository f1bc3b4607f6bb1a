"""The commons pages' forms: publishing and editing an asset, releasing a version.

These forms only collect what was typed. The rules (lengths, licences, LGSL codes, web
addresses, version numbers) are `commons.validation`'s, and its refusals are shown
against the fields they name (`show_refusal`). The forms people use from an asset page
(adopting, recording interest, forking) are in `commons.action_forms`.
"""

import re

from django import forms

from commonweal.commons.licences import LICENCES, PROPRIETARY
from commonweal.commons.models import Asset, Kind, Partnership, Stage, Visibility
from commonweal.commons.validation import AssetInvalid, clean_asset_fields
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Organisation

_LIST_SEPARATORS = re.compile(r"[,\n]+")
# Service definitions join the commons from the service pages, so nobody picks that kind.
PUBLISHABLE_KINDS = [
    (value, label) for value, label in Kind.choices if value != Kind.SERVICE_DEFINITION
]
LICENCE_CHOICES = [
    ("", "Choose a licence"),
    *((key, name if key == PROPRIETARY else f"{name} ({key})") for key, name in LICENCES.items()),
]
FUNCTION_CHOICES = [(function.slug, function.name) for function in FUNCTIONS.values()]


def split_list(text: str) -> list[str]:
    """Items typed one to a line or separated by commas, without the blanks."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text or "") if item.strip()]


def owner_value(owner: Organisation | Partnership) -> str:
    kind = "partnership" if isinstance(owner, Partnership) else "organisation"
    return f"{kind}-{owner.pk}"


class RefusalShowingForm(forms.Form):
    """A form that can show a commons refusal against its own fields."""

    def show_refusal(self, refusal: AssetInvalid, *, fallback: str) -> None:
        """Each message next to its field; a field this form lacks goes to `fallback`."""
        for field, message in refusal.errors.items():
            self.add_error(field if field in self.fields else fallback, message)


class AssetForm(RefusalShowingForm):
    """An asset's details. Publishing adds who owns it, its kind and its short name.

    A service definition's title, LGSL codes and functions come from the definition, so
    editing one leaves those fields out.
    """

    owner = forms.ChoiceField(
        label="Who owns it",
        error_messages={
            "required": "Choose the organisation or partnership that owns it",
            "invalid_choice": "Choose an owner from the list",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of thing is it?",
        choices=PUBLISHABLE_KINDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of thing it is",
            "invalid_choice": "Choose a kind from the list",
        },
    )
    title = forms.CharField(label="Title", required=False)
    slug = forms.CharField(label="Short name for its web address (optional)", required=False)
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea)
    description = forms.CharField(
        label="Description (optional)", required=False, strip=False, widget=forms.Textarea
    )
    licence = forms.ChoiceField(
        label="Licence",
        choices=LICENCE_CHOICES,
        error_messages={
            "required": "Choose the licence others may re-use it under",
            "invalid_choice": "Choose a licence from the list",
        },
    )
    stage = forms.ChoiceField(
        label="Stage",
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage it has reached",
            "invalid_choice": "Choose a stage from the list",
        },
    )
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who can see it",
            "invalid_choice": "Choose who can see it from the list",
        },
    )
    functions = forms.MultipleChoiceField(
        label="Functions it serves (optional)",
        choices=FUNCTION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose functions from the list"},
    )
    lgsl = forms.CharField(label="LGSL codes (optional)", required=False)
    tags = forms.CharField(label="Tags (optional)", required=False)
    code_url = forms.CharField(label="Code (optional)", required=False)
    docs_url = forms.CharField(label="Documentation (optional)", required=False)
    contact_url = forms.CharField(label="Contact (optional)", required=False)

    def __init__(
        self,
        *args,
        owners: list[Organisation | Partnership] | None = None,
        asset: Asset | None = None,
        **kwargs,
    ) -> None:
        if asset is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(asset)
        super().__init__(*args, **kwargs)
        self.asset = asset
        if asset is None:
            self.owners = {owner_value(owner): owner for owner in owners or []}
            self.fields["owner"].choices = [
                ("", "Choose the owner"),
                *((value, str(owner)) for value, owner in self.owners.items()),
            ]
        else:
            for name in ("owner", "kind", "slug"):
                del self.fields[name]
            if asset.kind == Kind.SERVICE_DEFINITION:
                for name in ("title", "lgsl", "functions"):
                    del self.fields[name]

    def chosen_owner(self) -> dict[str, Organisation | Partnership]:
        """The owner as `publish_asset` takes it."""
        owner = self.owners[self.cleaned_data["owner"]]
        if isinstance(owner, Partnership):
            return {"owner_partnership": owner}
        return {"owner_organisation": owner}

    def clean(self) -> dict:
        """Check every typed value by the commons' own rules too, so that all the mistakes
        are listed at once (not only after the choices are put right)."""
        cleaned = super().clean()
        values = self._values(cleaned)
        if not values.get("slug"):
            values.pop("slug", None)  # publish_asset makes one from the title
        try:
            clean_asset_fields(values)
        except AssetInvalid as invalid:
            for field, message in invalid.errors.items():
                if not self.has_error(field):
                    self.add_error(field if field in self.fields else None, message)
        return cleaned

    def asset_values(self) -> dict[str, object]:
        """What was typed, as the commons functions take it (lists split from text)."""
        return self._values(self.cleaned_data)

    def _values(self, cleaned: dict) -> dict[str, object]:
        values = {
            name: value for name, value in cleaned.items() if name not in ("owner", "lgsl", "tags")
        }
        if "lgsl" in cleaned:
            values["lgsl"] = split_list(cleaned["lgsl"])
        if "tags" in cleaned:
            values["tags"] = split_list(cleaned["tags"])
        return values


def initial_for(asset: Asset) -> dict[str, object]:
    return {
        "title": asset.title,
        "summary": asset.summary,
        "description": asset.description,
        "licence": asset.licence,
        "stage": asset.stage,
        "visibility": asset.visibility,
        "functions": asset.functions,
        "lgsl": ", ".join(str(code) for code in asset.lgsl),
        "tags": ", ".join(asset.tags),
        "code_url": asset.code_url,
        "docs_url": asset.docs_url,
        "contact_url": asset.contact_url,
    }


class VersionForm(RefusalShowingForm):
    number = forms.CharField(
        label="Version number",
        error_messages={"required": "Enter the version number, like 3 or 2.1.0"},
    )
    release_notes = forms.CharField(
        label="What changed (optional)", required=False, widget=forms.Textarea
    )


MAX_FACET_VALUES = 30


class FacetValues(forms.Field):
    """Every value given for a facet (checkboxes of one name), tidied; unknown ones simply
    match nothing."""

    widget = forms.MultipleHiddenInput  # reads all the values of the name, not just the last

    def to_python(self, value) -> list[str]:
        values = [str(item).strip()[:100] for item in value or [] if str(item).strip()]
        return list(dict.fromkeys(values))[:MAX_FACET_VALUES]


class BrowseForm(forms.Form):
    """The browse page's words, facets and sort, read from the query string."""

    q = forms.CharField(label="Search the commons", required=False, max_length=200)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("relevance", "Relevance"),
            ("most-adopted", "Most adopted"),
            ("newest", "Newest"),
        ],
        error_messages={"invalid_choice": "Choose how to sort from the list"},
    )
    kind = FacetValues(required=False)
    stage = FacetValues(required=False)
    function = FacetValues(required=False)
    owner_kind = FacetValues(required=False)
    lgsl = FacetValues(required=False)
    licence = FacetValues(required=False)

    def clean_lgsl(self) -> list[int]:
        codes = self.cleaned_data["lgsl"]
        if not all(code.isdigit() for code in codes):
            raise forms.ValidationError("LGSL codes are numbers, like 524")
        return [int(code) for code in codes]
