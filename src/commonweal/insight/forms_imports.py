"""The form of the historical-case import page. `insight.imports` checks everything again."""

from django import forms

from commonweal.organisations.models import Organisation


class CasesUploadForm(forms.Form):
    file = forms.FileField(
        label="Cases (CSV file)",
        error_messages={
            "required": "Choose the CSV file of cases to import",
            "empty": "The file is empty. Choose the CSV file of cases to import",
        },
    )
    mapping = forms.FileField(
        label="Mapping (JSON or YAML file)",
        required=False,
        error_messages={"empty": "The mapping file is empty. Choose the mapping file"},
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(org.pk): org for org in organisations}
        if len(organisations) > 1:
            self.fields["organisation"] = forms.ChoiceField(
                label="Organisation",
                choices=[(str(org.pk), org.name) for org in organisations],
                error_messages={
                    "required": "Choose the organisation",
                    "invalid_choice": "Choose an organisation from the list",
                },
            )
            self.order_fields(["organisation", "file", "mapping"])

    def chosen_organisation(self) -> Organisation:
        if "organisation" in self.fields:
            return self.organisations[self.cleaned_data["organisation"]]
        return next(iter(self.organisations.values()))
