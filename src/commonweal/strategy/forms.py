"""The forms of the assessment and target pages. The domain functions check again."""

from datetime import date
from decimal import Decimal

from django import forms

from commonweal.strategy.assessments import MAX_EVIDENCE
from commonweal.strategy.framework import Level, Theme
from commonweal.strategy.measures import Measure
from commonweal.strategy.targets import TargetRefused, checked_value


class ChoosesLevel:
    """For the level radios: each option with its level's description, shown as its hint."""

    levels: dict[str, Level]

    def level_options(self) -> list[tuple]:
        return [(option, self.levels[option.data["value"]].description) for option in self["level"]]


def _level_field(levels: tuple[Level, ...], label: str, missing: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[(str(level.number), f"{level.number}: {level.name}") for level in levels],
        widget=forms.RadioSelect,
        error_messages={"required": missing, "invalid_choice": "Choose a level from 1 to 5"},
    )


class ScoreForm(ChoosesLevel, forms.Form):
    evidence = forms.CharField(
        label="Evidence for this level",
        required=False,
        max_length=MAX_EVIDENCE,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": f"Enter evidence of {MAX_EVIDENCE:,} characters or fewer",
        },
    )

    def __init__(self, *args, theme: Theme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = _level_field(
            theme.levels,
            f"Which level best describes {theme.title.lower()} in your organisation now?",
            f"Choose the level that best describes {theme.title.lower()} now, from 1 to 5",
        )
        self.order_fields(["level", "evidence"])
        self.levels = {str(level.number): level for level in theme.levels}

    def is_empty(self) -> bool:
        """Nothing chosen and nothing typed (leaving the page then saves nothing)."""
        return not self.data.get("level") and not self.data.get("evidence", "").strip()


class DueDateForm(forms.Form):
    """A GOV.UK date input for the date a target is due, kept as day, month and year."""

    due_day = forms.CharField(label="Day", required=False, max_length=2)
    due_month = forms.CharField(label="Month", required=False, max_length=2)
    due_year = forms.CharField(label="Year", required=False, max_length=4)

    def date_parts(self) -> list[tuple]:
        """The day, month and year inputs, each with its GOV.UK width class."""
        widths = {"due_day": 2, "due_month": 2, "due_year": 4}
        return [(self[name], f"govuk-input--width-{width}") for name, width in widths.items()]

    def clean(self) -> dict:
        data = super().clean()
        parts = [data.get(name, "").strip() for name in ("due_day", "due_month", "due_year")]
        if not all(parts):
            missing = [n for n, p in zip(("day", "month", "year"), parts, strict=True) if not p]
            message = (
                "Enter the date the target is due"
                if len(missing) == 3
                else f"The date the target is due must include a {' and '.join(missing)}"
            )
            self.add_error("due_day", message)
            return data
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            data["due_on"] = date(year, month, day)
        except ValueError:
            self.add_error("due_day", "The date the target is due must be a real date")
        return data


class TargetForm(ChoosesLevel, DueDateForm):
    def __init__(self, *args, theme: Theme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = _level_field(
            theme.levels,
            f"Which level will you reach in {theme.title.lower()}?",
            f"Choose the level you will reach in {theme.title.lower()}, from 1 to 5",
        )
        self.order_fields(["level", "due_day", "due_month", "due_year"])
        self.levels = {str(level.number): level for level in theme.levels}


class OutcomeTargetForm(DueDateForm):
    value = forms.CharField(
        label="Target",
        max_length=20,
        error_messages={"required": "Enter the target"},
    )

    def __init__(self, *args, measure: Measure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["value"].label = f"Target ({measure.unit.label})"
        self.order_fields(["value", "due_day", "due_month", "due_year"])

    def clean_value(self) -> Decimal:
        try:
            return checked_value(self.measure, self.cleaned_data["value"])
        except TargetRefused as refusal:
            raise forms.ValidationError(refusal.message) from None


def date_initial(value: date) -> dict[str, str]:
    return {"due_day": str(value.day), "due_month": str(value.month), "due_year": str(value.year)}
