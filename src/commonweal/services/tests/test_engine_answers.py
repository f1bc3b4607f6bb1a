"""Answers are checked per type, limit and condition, with every error at once in plain words."""

import json
from datetime import date
from pathlib import Path

import pytest

from commonweal.services.engine import (
    AnswersInvalid,
    clean_answers,
    load_definition,
    validate_answers,
    visible_questions,
)

TODAY = date(2026, 3, 27)


def q(id: str, type: str, **more) -> dict:
    return {"id": id, "label": f"{id.replace('_', ' ').capitalize()}?", "type": type, **more}


QUESTIONS = [
    q("where", "location"),
    q("title", "text", min_length=3, max_length=10),
    q("story", "long-text"),
    q("count", "number", min=1, max=10, whole_number=True),
    q("depth", "number", min=0, max=99.5),
    q("when", "date", min_date="today-14", max_date="today"),
    q("booked", "date", min_date="2026-04-01", max_date="2026-04-30"),
    q(
        "kind",
        "single-choice",
        choices=[{"value": "bag", "label": "Bag"}, {"value": "sofa", "label": "Sofa"}],
    ),
    q(
        "extras",
        "multiple-choice",
        choices=[
            {"value": "red", "label": "Red"},
            {"value": "green", "label": "Green"},
            {"value": "blue", "label": "Blue"},
        ],
    ),
    q("agree", "yes-no"),
    q("mail", "email"),
    q("tel", "phone"),
    q("pics", "photo", max_photos=2),
]


def definition(questions: list[dict] | None = None):
    doc = {
        "code": "answers",
        "name": "Answers",
        "description": "Tests answers.",
        "function": "highways",
        "questions": questions or QUESTIONS,
        "workflow": {
            "initial": "open",
            "states": [
                {"id": "open", "label": "Open"},
                {"id": "done", "label": "Done", "closes": True},
            ],
            "transitions": [
                {
                    "id": "close",
                    "from": ["open"],
                    "to": "done",
                    "label": "Close",
                    "roles": ["caseworker"],
                }
            ],
        },
        "sla": {"working_days": {"normal": 5}},
        "privacy": {"retention_days": 30},
    }
    return load_definition(text=json.dumps(doc), filename="answers.json")


DEFINITION = definition()


def check(**answers) -> dict[str, list[str]]:
    return validate_answers(definition=DEFINITION, answers=answers, today=TODAY)


def clean(**answers) -> dict:
    return clean_answers(definition=DEFINITION, answers=answers, today=TODAY)


def test_no_answers_is_fine_when_nothing_is_required():
    assert check() == {}
    assert clean() == {}


# Each type -------------------------------------------------------------------------------------


def test_text_is_trimmed_and_its_length_checked():
    assert clean(title="  Hole  ") == {"title": "Hole"}
    assert check(title="ab") == {"title": ["Enter at least 3 characters."]}
    assert check(title="a" * 11) == {"title": ["Enter 10 characters or fewer (you entered 11)."]}
    assert check(title=12) == {"title": ["Enter your answer as text."]}


def test_long_text_has_a_default_limit():
    assert check(story="x" * 5000) == {}
    assert check(story="x" * 5001) == {
        "story": ["Enter 5000 characters or fewer (you entered 5001)."]
    }


@pytest.mark.parametrize(
    ("raw", "cleaned"), [(3, 3), ("4", 4), (" 7 ", 7), ("1,0", 10), (5.0, 5), ("2.0", 2)]
)
def test_whole_numbers(raw, cleaned):
    assert clean(count=raw) == {"count": cleaned}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("three", "Enter a whole number, like 3."),
        (2.5, "Enter a whole number, like 3."),
        (True, "Enter a whole number, like 3."),
        ("nan", "Enter a whole number, like 3."),
        (0, "Enter a number that is 1 or more."),
        (11, "Enter a number that is 10 or less."),
    ],
)
def test_whole_number_errors(raw, message):
    assert check(count=raw) == {"count": [message]}


def test_decimal_numbers():
    assert clean(depth="2.5") == {"depth": 2.5}
    assert clean(depth=0) == {"depth": 0}
    assert check(depth=100) == {"depth": ["Enter a number that is 99.5 or less."]}
    assert check(depth="1e999") == {"depth": ["Enter a number, like 12 or 2.5."]}
    assert check(depth=float("inf")) == {"depth": ["Enter a number, like 12 or 2.5."]}


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-20",
        date(2026, 3, 20),
        {"day": "20", "month": "3", "year": "2026"},
        {"day": 20, "month": 3, "year": 2026},
    ],
)
def test_dates_in_several_forms_become_iso_text(raw):
    assert clean(when=raw) == {"when": "2026-03-20"}


@pytest.mark.parametrize(
    "raw",
    [
        "20/03/2026",
        "2026-02-30",
        "2026-3-5",
        {"day": 31, "month": 2, "year": 2026},
        {"day": "x", "month": 1, "year": 2026},
        {"day": 1, "month": 1, "year": 26},
        20260320,
    ],
)
def test_dates_that_are_not_real(raw):
    assert check(when=raw) == {"when": ["Enter a real date, like 27 3 2026."]}


def test_date_limits_relative_to_today():
    assert check(when="2026-03-27") == {}
    assert check(when="2026-03-13") == {}
    assert check(when="2026-03-28") == {"when": ["The date must be today or in the past."]}
    assert check(when="2026-03-12") == {"when": ["The date must be on or after 13 March 2026."]}


def test_fixed_date_limits():
    assert check(booked="2026-04-01") == {}
    assert check(booked="2026-03-31") == {"booked": ["The date must be on or after 1 April 2026."]}
    assert check(booked="2026-05-01") == {
        "booked": ["The date must be on or before 30 April 2026."]
    }


def test_today_as_a_minimum():
    single = definition([q("visit", "date", min_date="today")])
    found = validate_answers(definition=single, answers={"visit": "2026-03-26"}, today=TODAY)
    assert found == {"visit": ["The date must be today or in the future."]}


def test_single_choice():
    assert clean(kind="sofa") == {"kind": "sofa"}
    assert check(kind="Sofa") == {"kind": ["Select one of the options shown."]}
    assert check(kind=["sofa"]) == {"kind": ["Select one of the options shown."]}


def test_multiple_choice_keeps_the_definitions_order_without_repeats():
    assert clean(extras=["blue", "red", "blue"]) == {"extras": ["red", "blue"]}
    assert clean(extras="green") == {"extras": ["green"]}
    assert check(extras=["red", "pink"]) == {"extras": ["Select only from the options shown."]}
    assert check(extras={"red": True}) == {"extras": ["Select only from the options shown."]}


@pytest.mark.parametrize(
    ("raw", "cleaned"), [(True, True), (False, False), ("yes", True), ("No", False), ("true", True)]
)
def test_yes_no(raw, cleaned):
    assert clean(agree=raw) == {"agree": cleaned}


def test_yes_no_refuses_anything_else():
    assert check(agree="maybe") == {"agree": ["Select yes or no."]}
    assert check(agree=1) == {"agree": ["Select yes or no."]}


def test_email():
    assert clean(mail=" Someone@Example.ORG ") == {"mail": "Someone@example.org"}
    message = ["Enter an email address in the correct format, like name@example.com."]
    for bad in ("someone", "a@b", "a b@example.com", "a@@example.com", "a@example..com", 7):
        assert check(mail=bad) == {"mail": message}, bad


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("01632 960 001", "+441632960001"),
        ("07700-900-982", "+447700900982"),
        ("+44 (0)20 7946 0018", "+442079460018"),
        ("+44 7700 900982", "+447700900982"),
        ("0044 1632 960001", "+441632960001"),
        ("(01632) 96000", "+44163296000"),
    ],
)
def test_uk_phone_numbers_become_international(raw, cleaned):
    assert clean(tel=raw) == {"tel": cleaned}


@pytest.mark.parametrize(
    "raw", ["12345", "+33 1 23 45 67 89", "07700 900 98x", "00000000000", 7700900982]
)
def test_phone_numbers_that_are_not_uk(raw):
    assert check(tel=raw) == {
        "tel": ["Enter a UK phone number, like 01632 960 001 or 07700 900 982."]
    }


def test_location():
    assert clean(where={"lat": "52.2", "lon": 0.12, "zoom": 9}) == {
        "where": {"lat": 52.2, "lon": 0.12}
    }
    assert check(where="52.2,0.12") == {
        "where": ["Choose a place on the map, or give a latitude and longitude."]
    }
    assert check(where={"lat": 91, "lon": -181}) == {
        "where": [
            "The latitude must be a number between -90 and 90.",
            "The longitude must be a number between -180 and 180.",
        ]
    }
    assert check(where={"lat": True, "lon": 0}) == {
        "where": ["The latitude must be a number between -90 and 90."]
    }


def test_photos_as_attachment_ids_or_a_count():
    assert clean(pics=["a1", 7]) == {"pics": ["a1", "7"]}
    assert clean(pics=2) == {"pics": 2}
    assert check(pics=["a", "b", "c"]) == {"pics": ["You can add up to 2 photos."]}
    assert check(pics=3) == {"pics": ["You can add up to 2 photos."]}
    assert check(pics=["", "b"]) == {
        "pics": ["Something went wrong with a photo. Upload it again."]
    }
    assert check(pics="a1") == {"pics": ["Something went wrong with a photo. Upload it again."]}


# Required, empty and unknown ----------------------------------------------------------------------


REQUIRED = definition(
    [
        q("where", "location", required=True),
        q(
            "kind",
            "single-choice",
            required=True,
            choices=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
        ),
        q(
            "extras",
            "multiple-choice",
            required=True,
            choices=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
        ),
        q("agree", "yes-no", required=True),
        q("when", "date", required=True),
        q("pics", "photo", required=True),
        q("story", "long-text", required=True, required_message="Tell us what happened"),
        q("count", "number", required=True),
    ]
)


def test_every_missing_required_answer_is_reported_at_once():
    found = validate_answers(definition=REQUIRED, answers={"story": "   ", "pics": 0, "extras": []})
    assert found == {
        "where": ["Choose a place on the map to answer: Where?"],
        "kind": ["Select an answer to: Kind?"],
        "extras": ["Select at least one answer to: Extras?"],
        "agree": ["Select an answer to: Agree?"],
        "when": ["Enter a date, like 27 3 2026, to answer: When?"],
        "pics": ["Add at least one photo to answer: Pics?"],
        "story": ["Tell us what happened"],
        "count": ["Enter an answer to: Count?"],
    }


def test_false_and_zero_are_answers():
    answers = {"agree": False, "count": 0}
    found = validate_answers(definition=REQUIRED, answers=answers)
    assert "agree" not in found
    assert "count" not in found


def test_empty_optional_answers_are_left_out():
    assert clean(title="  ", extras=[], mail=None) == {}


def test_type_errors_and_unknown_answers_come_together():
    found = check(count="lots", mail="nobody", colour="red", kind="chair")
    assert found == {
        "count": ["Enter a whole number, like 3."],
        "kind": ["Select one of the options shown."],
        "mail": ["Enter an email address in the correct format, like name@example.com."],
        "colour": ["This service does not ask this question. Remove this answer."],
    }


def test_clean_answers_raises_with_every_error():
    with pytest.raises(AnswersInvalid) as refused:
        clean(count="lots", agree="perhaps")
    assert refused.value.errors == {
        "count": ["Enter a whole number, like 3."],
        "agree": ["Select yes or no."],
    }


# Conditional questions -------------------------------------------------------------------------


CONDITIONAL = definition(
    [
        q(
            "kind",
            "single-choice",
            required=True,
            choices=[
                {"value": "bag", "label": "Bag"},
                {"value": "sofa", "label": "Sofa"},
                {"value": "fridge", "label": "Fridge"},
            ],
        ),
        q("sofa_seats", "number", required=True, show_if={"question": "kind", "equals": "sofa"}),
        q("big", "yes-no", show_if={"question": "kind", "in": ["sofa", "fridge"]}),
        q("how_big", "text", required=True, show_if={"question": "big", "equals": True}),
        q(
            "items",
            "multiple-choice",
            choices=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
        ),
        q("about_b", "text", required=True, show_if={"question": "items", "equals": "b"}),
        q("count", "number"),
        q("exactly_two", "text", required=True, show_if={"question": "count", "equals": 2}),
    ]
)


def conditional(**answers):
    return validate_answers(definition=CONDITIONAL, answers=answers)


def test_a_hidden_required_question_need_not_be_answered():
    assert conditional(kind="bag") == {}


def test_a_shown_required_question_must_be_answered():
    assert conditional(kind="sofa") == {"sofa_seats": ["Enter an answer to: Sofa seats?"]}


def test_answers_to_hidden_questions_are_dropped_not_refused():
    answers = {"kind": "bag", "sofa_seats": "not a number", "big": True, "how_big": "huge"}
    assert conditional(**answers) == {}
    assert clean_answers(definition=CONDITIONAL, answers=answers) == {"kind": "bag"}


def test_a_question_hidden_behind_a_hidden_question_is_hidden_too():
    assert conditional(kind="bag", big=True) == {}
    assert conditional(kind="fridge", big=True) == {"how_big": ["Enter an answer to: How big?"]}
    assert conditional(kind="fridge", big=False) == {}


def test_show_if_with_in():
    ids = [
        question.id
        for question in visible_questions(definition=CONDITIONAL, answers={"kind": "fridge"})
    ]
    assert ids == ["kind", "big", "items", "count"]


def test_show_if_on_a_multiple_choice_answer_means_it_includes_the_value():
    assert conditional(kind="bag", items=["a"]) == {}
    assert conditional(kind="bag", items=["a", "b"]) == {
        "about_b": ["Enter an answer to: About b?"]
    }


def test_show_if_on_a_number_compares_the_cleaned_value():
    assert conditional(kind="bag", count="2") == {
        "exactly_two": ["Enter an answer to: Exactly two?"]
    }
    assert conditional(kind="bag", count="3") == {}


def test_an_invalid_earlier_answer_hides_the_questions_that_depend_on_it():
    assert conditional(kind="table") == {"kind": ["Select one of the options shown."]}


def test_the_shipped_missed_bin_form():
    path = Path(__file__).resolve().parents[4] / "data" / "services" / "missed-bin.yaml"
    bins = load_definition(text=path.read_text(), filename=path.name)
    answers = {
        "location": {"lat": 52.2, "lon": 0.12},
        "bin_type": "garden-waste",
        "collection_date": "2026-03-30",
        "out_on_time": "yes",
    }
    assert validate_answers(definition=bins, answers=answers, today=TODAY) == {
        "garden_subscription": ["Select an answer to: Do you pay for garden waste collections?"],
        "collection_date": ["The date must be today or in the past."],
    }
