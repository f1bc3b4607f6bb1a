"""Definitions are refused with every schema and meaning error located; shipped ones pass."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Role
from commonweal.services.engine import (
    CHANNELS,
    STAFF_ROLES,
    DefinitionInvalid,
    check_definition,
    definition_from_document,
    dump_document,
    load_definition,
    parse_document,
    schema,
)

SERVICES = Path(__file__).resolve().parents[4] / "data" / "services"
STANDARD = [
    "missed-bin",
    "fly-tipping",
    "pothole",
    "street-light",
    "graffiti",
    "abandoned-vehicle",
    "noise-complaint",
    "dog-fouling",
    "blocked-drain",
    "overgrown-vegetation",
    "bulky-waste",
    "home-adaptation-assessment",
]


def document() -> dict:
    """A small, sound definition; each test breaks one thing."""
    return {
        "code": "test-service",
        "version": 1,
        "lgsl": [557],
        "name": "Report a test problem",
        "description": "A service used by the tests.",
        "synonyms": ["test"],
        "function": "highways",
        "questions": [
            {"id": "location", "label": "Where?", "type": "location", "required": True},
            {
                "id": "kind",
                "label": "What kind?",
                "type": "single-choice",
                "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
            },
            {"id": "depth", "label": "How deep?", "type": "number", "min": 0, "max": 10},
            {"id": "urgent", "label": "Urgent?", "type": "yes-no"},
            {"id": "details", "label": "Details", "type": "long-text"},
        ],
        "workflow": {
            "initial": "open",
            "states": [
                {"id": "open", "label": "Received"},
                {"id": "working", "label": "In progress"},
                {"id": "closed", "label": "Fixed", "closes": True},
            ],
            "transitions": [
                {
                    "id": "start",
                    "from": ["open"],
                    "to": "working",
                    "label": "Start",
                    "roles": ["caseworker"],
                },
                {
                    "id": "close",
                    "from": "*",
                    "to": "closed",
                    "label": "Close",
                    "roles": ["caseworker"],
                    "public_note_required": True,
                },
            ],
        },
        "sla": {"default_priority": "normal", "working_days": {"normal": 5, "urgent": 1}},
        "rules": [
            {
                "id": "ack",
                "on": "submitted",
                "do": [{"notify": {"to": "reporter", "template": "received"}}],
            },
        ],
        "notifications": [
            {"id": "received", "subject": "Got {reference}", "body": "Due {due_date}"}
        ],
        "privacy": {"retention_days": 365},
    }


def errors(doc: dict) -> list[str]:
    return [str(error) for error in check_definition(document=doc)]


def test_the_test_document_is_sound():
    assert errors(document()) == []


# The shipped definitions -------------------------------------------------------------------


def test_at_least_the_twelve_standard_definitions_are_shipped():
    shipped = {path.stem for path in SERVICES.glob("*.yaml")}
    assert set(STANDARD) <= shipped


@pytest.mark.parametrize("path", sorted(SERVICES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_definition_is_sound(path):
    definition = load_definition(text=path.read_text(), filename=path.name)
    assert definition.code == path.stem
    assert definition.function in FUNCTIONS
    assert definition.version == 1
    assert definition.location_question is not None


def test_shipped_lgsl_numbers_come_from_the_govuk_list():
    govuk = SERVICES / "lgsl.csv"
    known = {int(line.split(",")[0]) for line in govuk.read_text().splitlines()[1:]}
    for path in SERVICES.glob("*.yaml"):
        for number in parse_document(text=path.read_text())["lgsl"]:
            assert number in known, f"{path.name}: LGSL {number}"


def test_sensitive_services_round_the_location_and_hide_the_description():
    for code in ("noise-complaint", "home-adaptation-assessment"):
        path = SERVICES / f"{code}.yaml"
        privacy = load_definition(text=path.read_text(), filename=path.name).privacy
        assert privacy.location_rounding_metres > 0
        assert privacy.description_public is False


# The schema and the engine agree with the rest of the code ---------------------------------


def test_schema_roles_and_channels_match_the_code():
    defs = schema()["$defs"]
    assert defs["staff_role"]["enum"] == list(STAFF_ROLES) == list(Role.values)
    assert defs["channel"]["enum"] == list(CHANNELS)


# Reading the text -----------------------------------------------------------------------------


def test_yaml_and_json_both_load():
    doc = document()
    from_json = load_definition(text=json.dumps(doc), filename="t.json")
    from_yaml = load_definition(text=yaml.safe_dump(doc), filename="t.yaml")
    assert from_json.summary() == from_yaml.summary()
    assert (
        from_json.summary()
        == "Report a test problem (test-service v1, highways, 5 questions, 3 states)"
    )


def test_yaml_1_1_surprises_are_avoided():
    text = (SERVICES / "noise-complaint.yaml").read_text()
    definition = load_definition(text=text, filename="noise.yaml")
    assert definition.rules[0].on == "submitted"  # `on` is not read as true
    night = next(rule for rule in definition.rules if rule.id == "night-noise-now")
    assert night.conditions[1].value == ("23:00", "07:00")  # not the number 1380


def test_star_expands_to_the_open_states():
    definition = load_definition(text=json.dumps(document()), filename="t.json")
    close = definition.workflow.transitions[1]
    assert close.from_states == ("open", "working")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code: [\n", "(document): not valid YAML"),
        ("- a list\n", "(document): a service definition must be a mapping"),
        (
            "",
            "(document): a service definition must be a mapping of fields "
            "(code, name, questions, …), not empty",
        ),
        ("code: a\ncode: b\n", "the key 'code' is given twice"),
    ],
)
def test_unreadable_text_is_one_located_error(text, message):
    with pytest.raises(DefinitionInvalid) as refused:
        load_definition(text=text, filename="bad.yaml")
    assert message in str(refused.value.errors[0])


def test_bad_json_is_reported_with_its_line():
    with pytest.raises(DefinitionInvalid) as refused:
        load_definition(text='{"code": }', filename="bad.json")
    assert str(refused.value.errors[0]).startswith("(document): not valid JSON")
    assert "line 1" in str(refused.value.errors[0])


# Schema errors, all of them, located ------------------------------------------------------------


def test_schema_errors_are_all_reported_with_their_locations():
    doc = document()
    del doc["name"]
    doc["colour"] = "blue"
    doc["code"] = "Test Service"
    doc["questions"][1]["type"] = "dropdown"
    doc["workflow"]["states"][2]["closes"] = "yes"
    doc["privacy"]["retention_days"] = 0
    found = errors(doc)
    assert "name: is required" in found
    assert any(e.startswith("colour: unknown field; allowed: code,") for e in found)
    assert any(e.startswith("code: 'Test Service' is not a valid identifier") for e in found)
    assert any(
        e.startswith("questions[1].type: 'dropdown' is not allowed; use one of: text,")
        for e in found
    )
    assert "workflow.states[2].closes: must be true or false, not text" in found
    assert "privacy.retention_days: 0 is less than the minimum of 1" in found
    assert len(found) == 6


def test_choice_questions_need_choices():
    doc = document()
    del doc["questions"][1]["choices"]
    assert errors(doc) == ["questions[1].choices: is required"]


def test_entered_state_rules_need_a_state():
    doc = document()
    doc["rules"][0]["on"] = "entered-state"
    assert errors(doc) == ["rules[0].state: is required"]


def test_an_action_is_exactly_one_thing():
    doc = document()
    doc["rules"][0]["do"] = [{"set-priority": "urgent", "assign-team": "Roads"}, {"sett": 1}]
    found = errors(doc)
    assert found[0].startswith("rules[0].do[0]: give exactly one of: add-public-note,")
    assert found[1].startswith("rules[0].do[1].sett: unknown field; allowed: add-public-note,")


def test_an_answer_condition_needs_one_operator_and_times_are_hh_mm():
    doc = document()
    doc["rules"][0]["if"] = [
        {"answer": {"question": "depth"}},
        {"time_of_day": {"from": "7pm", "to": "07:00"}},
    ]
    found = errors(doc)
    assert found[0].startswith("rules[0].if[0].answer: give the question and exactly one of:")
    assert found[1] == (
        "rules[0].if[1].time_of_day.from: '7pm' is not a time; use 24-hour HH:MM, such as 07:30"
    )


def test_transition_from_must_be_a_list_or_star():
    doc = document()
    doc["workflow"]["transitions"][0]["from"] = "open"
    assert errors(doc) == [
        "workflow.transitions[0].from: must be a list of states, or '*' for every open state"
    ]


def test_unknown_roles_are_refused():
    doc = document()
    doc["workflow"]["transitions"][0]["roles"] = ["caseworker", "mayor"]
    found = errors(doc)
    assert found[0].startswith("workflow.transitions[0].roles[1]: 'mayor' is not allowed")


# Meaning checks --------------------------------------------------------------------------------


def test_unknown_function_suggests_the_right_one():
    doc = document()
    doc["function"] = "highway"
    (error,) = errors(doc)
    assert error.startswith("function: unknown function 'highway' (did you mean 'highways'?)")


def test_unknown_state_in_a_transition():
    doc = document()
    doc["workflow"]["transitions"][1]["to"] = "closd"
    doc["workflow"]["transitions"][0]["from"] = ["opn"]
    assert errors(doc) == [
        "workflow.transitions[0].from[0]: unknown state 'opn' (did you mean 'open'?)",
        "workflow.transitions[1].to: unknown state 'closd' (did you mean 'closed'?)",
    ]


def test_unknown_initial_state_and_a_closing_initial_state():
    doc = document()
    doc["workflow"]["initial"] = "new"
    assert errors(doc) == ["workflow.initial: unknown state 'new'"]
    doc["workflow"]["initial"] = "closed"
    assert "workflow.initial: the initial state must not close" in errors(doc)


@pytest.mark.parametrize(
    ("path", "item", "expected"),
    [
        (
            "questions",
            {"id": "kind", "label": "Again", "type": "text"},
            "questions[5].id: duplicate id 'kind' (also questions[1])",
        ),
        (
            "states",
            {"id": "working", "label": "Again"},
            "workflow.states[3].id: duplicate id 'working' (also workflow.states[1])",
        ),
        (
            "transitions",
            {
                "id": "start",
                "from": ["working"],
                "to": "closed",
                "label": "Again",
                "roles": ["admin"],
            },
            "workflow.transitions[2].id: duplicate id 'start' (also workflow.transitions[0])",
        ),
        (
            "rules",
            {"id": "ack", "on": "overdue", "do": [{"set-priority": "urgent"}]},
            "rules[1].id: duplicate id 'ack' (also rules[0])",
        ),
        (
            "notifications",
            {"id": "received", "subject": "x", "body": "y"},
            "notifications[1].id: duplicate id 'received' (also notifications[0])",
        ),
    ],
)
def test_duplicate_ids(path, item, expected):
    doc = document()
    target = doc["workflow"][path] if path in ("states", "transitions") else doc[path]
    target.append(item)
    assert expected in errors(doc)


def test_duplicate_choice_values():
    doc = document()
    doc["questions"][1]["choices"].append({"value": "a", "label": "A again"})
    assert errors(doc) == [
        "questions[1].choices[2].value: duplicate value 'a' (also questions[1].choices[0])"
    ]


def test_limits_must_suit_the_question_type_and_be_in_order():
    doc = document()
    doc["questions"][4]["max_photos"] = 2
    doc["questions"][2]["min"] = 20
    doc["questions"][4]["min_length"] = 50
    doc["questions"][4]["max_length"] = 10
    doc["questions"][1]["max_length"] = 5
    assert errors(doc) == [
        "questions[1].max_length: applies only to text and long-text questions, "
        "not 'single-choice'",
        "questions[2].min: is more than max",
        "questions[4].max_photos: applies only to photo questions, not 'long-text'",
        "questions[4].min_length: is more than max_length",
    ]


def test_date_limits_must_be_real_dates_in_order():
    doc = document()
    doc["questions"].append(
        {
            "id": "when",
            "label": "When?",
            "type": "date",
            "min_date": "2026-02-30",
            "max_date": "today",
        }
    )
    doc["questions"].append(
        {
            "id": "when2",
            "label": "When?",
            "type": "date",
            "min_date": "2026-03-01",
            "max_date": "2026-02-01",
        }
    )
    assert errors(doc) == [
        "questions[5].min_date: '2026-02-30' is not a real date",
        "questions[6].min_date: is later than max_date",
    ]


def test_choices_only_on_choice_questions():
    doc = document()
    doc["questions"][4]["choices"] = [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    assert errors(doc) == [
        "questions[4].choices: only choice questions have choices, not 'long-text'"
    ]


def test_only_one_location_question():
    doc = document()
    doc["questions"].append({"id": "where2", "label": "Where else?", "type": "location"})
    assert errors(doc) == [
        "questions[5].type: only one location question is allowed (the first is questions[0])"
    ]


@pytest.mark.parametrize(
    ("show_if", "expected"),
    [
        (
            {"question": "nope", "equals": "a"},
            "questions[4].show_if.question: unknown question 'nope'",
        ),
        (
            {"question": "details", "equals": "a"},
            "questions[4].show_if.question: 'details' is not an earlier question; "
            "show_if may only depend on a question asked before this one",
        ),
        (
            {"question": "kind", "equals": "c"},
            "questions[4].show_if.equals: 'c' can never be an answer to 'kind' "
            "(single-choice: a, b)",
        ),
        (
            {"question": "kind", "in": ["a", "z"]},
            "questions[4].show_if.in[1]: 'z' can never be an answer to 'kind' "
            "(single-choice: a, b)",
        ),
        (
            {"question": "urgent", "equals": "yes"},
            "questions[4].show_if.equals: 'yes' can never be an answer to 'urgent' (yes-no)",
        ),
        (
            {"question": "depth", "equals": "deep"},
            "questions[4].show_if.equals: 'deep' can never be an answer to 'depth' (number)",
        ),
        (
            {"question": "location", "equals": "x"},
            "questions[4].show_if.question: cannot depend on a location question",
        ),
    ],
)
def test_show_if_must_point_to_an_earlier_question_and_a_possible_value(show_if, expected):
    doc = document()
    doc["questions"][4]["show_if"] = show_if
    assert errors(doc) == [expected]


def test_show_if_on_a_later_question():
    doc = document()
    doc["questions"][1]["show_if"] = {"question": "urgent", "equals": True}
    assert errors(doc)[0].startswith("questions[1].show_if.question: 'urgent' is not an earlier")


def test_unreachable_state():
    doc = document()
    doc["workflow"]["states"].insert(2, {"id": "limbo", "label": "Limbo"})
    doc["workflow"]["transitions"].append(
        {"id": "out", "from": ["limbo"], "to": "working", "label": "Out", "roles": ["admin"]}
    )
    assert errors(doc) == [
        "workflow.states[2]: state 'limbo' cannot be reached from the initial state 'open'"
    ]


def test_a_state_reached_only_by_a_rule_is_reachable():
    doc = document()
    doc["workflow"]["states"].append({"id": "auto", "label": "Auto", "closes": True})
    doc["rules"].append({"id": "shut", "on": "submitted", "do": [{"move-to-state": "auto"}]})
    assert errors(doc) == []


def test_an_open_state_with_no_way_to_close():
    doc = document()
    doc["workflow"]["transitions"][1]["from"] = ["open"]
    assert errors(doc) == ["workflow.states[1]: a case in 'working' can never be closed"]


def test_no_closing_state():
    doc = document()
    doc["workflow"]["states"][2]["closes"] = False
    assert errors(doc) == ["workflow.states: no state closes the case; mark one 'closes: true'"]


def test_transition_out_of_a_closing_state_needs_a_reopen_rule():
    doc = document()
    doc["workflow"]["transitions"].append(
        {"id": "redo", "from": ["closed"], "to": "working", "label": "Redo", "roles": ["admin"]}
    )
    assert errors(doc) == [
        "workflow.transitions[2].from[0]: 'closed' closes the case and the reopen rule does not "
        "cover it; add it to workflow.reopen.from or remove this transition"
    ]
    doc["workflow"]["reopen"] = {
        "from": ["closed"],
        "to": "working",
        "roles": ["reporter"],
        "within_days": 28,
    }
    assert errors(doc) == []


def test_the_reopen_rule_names_closing_states_and_an_open_target():
    doc = document()
    doc["workflow"]["reopen"] = {
        "from": ["working", "shut"],
        "to": "closed",
        "roles": ["caseworker"],
        "within_days": 7,
    }
    assert errors(doc) == [
        "workflow.reopen.from[0]: 'working' does not close the case",
        "workflow.reopen.from[1]: unknown state 'shut'",
        "workflow.reopen.to: must be an open state",
    ]


def test_rule_references_are_checked():
    doc = document()
    doc["rules"] = [
        {"id": "r1", "on": "entered-state", "state": "workin", "do": [{"move-to-state": "done"}]},
        {
            "id": "r2",
            "on": "submitted",
            "state": "open",
            "do": [{"notify": {"to": "team", "template": "recieved"}}],
        },
        {
            "id": "r3",
            "on": "overdue",
            "if": [{"answer": {"question": "colour", "equals": "red"}}],
            "do": [{"add-public-note": "Late"}],
        },
    ]
    assert errors(doc) == [
        "rules[0].state: unknown state 'workin' (did you mean 'working'?)",
        "rules[0].do[0].move-to-state: unknown state 'done'",
        "rules[1].state: only entered-state rules name a state",
        "rules[1].do[0].notify.template: unknown notification template 'recieved' "
        "(did you mean 'received'?)",
        "rules[2].if[0].answer.question: unknown question 'colour'",
    ]


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        (
            {"question": "details", "gt": 3},
            "rules[0].if[0].answer.gt: only works on number and date questions; "
            "'details' is long-text",
        ),
        ({"question": "depth", "lt": "2026-01-01"}, "rules[0].if[0].answer.lt: must be a number"),
        (
            {"question": "depth", "contains": "x"},
            "rules[0].if[0].answer.contains: only works on text and multiple-choice questions; "
            "'depth' is number",
        ),
        (
            {"question": "kind", "equals": "c"},
            "rules[0].if[0].answer.equals: 'c' is not a choice of 'kind'",
        ),
    ],
)
def test_answer_conditions_must_suit_the_question(test, expected):
    doc = document()
    doc["rules"][0]["if"] = [{"answer": test}]
    assert errors(doc) == [expected]


def test_an_empty_time_window_is_refused():
    doc = document()
    doc["rules"][0]["if"] = [{"time_of_day": {"from": "22:00", "to": "22:00"}}]
    assert errors(doc) == [
        "rules[0].if[0].time_of_day: from and to are the same time, so the window is empty"
    ]


def test_flag_duplicates_needs_a_location_question():
    doc = document()
    doc["questions"].pop(0)
    doc["rules"][0]["do"] = [{"flag-duplicates": {"within_metres": 50, "within_days": 14}}]
    assert errors(doc) == ["rules[0].do[0].flag-duplicates: needs a location question"]


def test_rules_that_loop_for_ever_are_refused():
    doc = document()
    doc["rules"] += [
        {
            "id": "there",
            "on": "entered-state",
            "state": "working",
            "do": [{"move-to-state": "open"}],
        },
        {
            "id": "back",
            "on": "entered-state",
            "state": "open",
            "do": [{"move-to-state": "working"}],
        },
    ]
    assert errors(doc) == [
        "rules[1]: entered-state rules move the case out of 'working' and back again for ever"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["sla"].update(default_priority="high"), "sla.default_priority"),
        (
            lambda d: d["rules"][0]["do"].append({"set-priority": "low"}),
            "rules[0].do[1].set-priority",
        ),
        (
            lambda d: d["rules"][0].update({"if": [{"priority": ["urgent", "high"]}]}),
            "rules[0].if[0].priority[1]",
        ),
    ],
)
def test_unknown_sla_priority(change, expected):
    doc = document()
    change(doc)
    (error,) = errors(doc)
    assert error.startswith(f"{expected}: unknown SLA priority")
    assert "sla.working_days gives no deadline for it (it has normal, urgent)" in error


def test_placeholders_must_come_from_the_allowed_set():
    doc = document()
    doc["notifications"][0]["subject"] = "Hello {reporter_name}"
    doc["notifications"][0]["body"] = "Due {due_date} {referense} {"
    found = errors(doc)
    assert found[0].startswith("notifications[0].subject: unknown placeholder {reporter_name}")
    assert "use: {reference}, {service_name}" in found[0]
    assert found[1].startswith("notifications[0].body: broken placeholder")
    doc["notifications"][0]["body"] = "Due {due_date} {referense}"
    assert errors(doc)[1] == (
        "notifications[0].body: unknown placeholder {referense} (did you mean 'reference'?); "
        "use: {reference}, {service_name}, {organisation_name}, {state_label}, {due_date}, "
        "{public_note}, {case_url}"
    )


def test_load_definition_raises_with_every_error_and_the_file_name():
    doc = document()
    doc["function"] = "nothing"
    doc["workflow"]["transitions"][1]["to"] = "closd"
    with pytest.raises(DefinitionInvalid) as refused:
        load_definition(text=json.dumps(doc), filename="broken.json")
    assert len(refused.value.errors) == 2
    assert str(refused.value).startswith("broken.json: 2 errors: function: unknown function")


def test_anchors_aliases_and_huge_texts_are_refused():
    text = "code: &c x\nname: *c\n"
    with pytest.raises(DefinitionInvalid) as refused:
        load_definition(text=text, filename="alias.yaml")
    assert "anchors and aliases (& and *) are not allowed" in str(refused.value.errors[0])
    with pytest.raises(DefinitionInvalid) as refused:
        load_definition(text="#" * 600_000, filename="big.yaml")
    assert "too long" in str(refused.value.errors[0])


def test_the_yaml_reader_leaves_pyyaml_itself_alone():
    assert yaml.safe_load("on: yes") == {True: True}
    assert parse_document(text="on: yes\nat: 23:00\nday: 2026-01-01") == {
        "on": "yes",
        "at": "23:00",
        "day": "2026-01-01",
    }


def test_the_description_question_holds_text():
    doc = document()
    doc["questions"][4]["id"] = "description"
    assert errors(doc) == []
    doc["questions"][4]["type"] = "number"
    assert errors(doc) == ["questions[4].type: the description question must be long-text or text"]


def test_reopen_roles_may_include_the_reporter_only_besides_staff_roles():
    doc = document()
    doc["workflow"]["reopen"] = {
        "from": ["closed"],
        "to": "working",
        "roles": ["reporter", "neighbour"],
        "within_days": 7,
    }
    assert errors(doc) == [
        "workflow.reopen.roles[1]: must be reporter or a staff role: caseworker, service-owner, "
        "commissioner, executive, admin"
    ]


def test_a_stored_document_becomes_a_definition():
    definition = definition_from_document(document=document())
    assert definition.description_question is None
    assert definition.location_question.id == "location"
    assert definition.document == document()
    broken = document()
    broken["sla"]["default_priority"] = "low"
    with pytest.raises(DefinitionInvalid):
        definition_from_document(document=broken)


def test_the_documented_worked_example_is_the_shipped_pothole_file():
    docs = (SERVICES.parents[1] / "docs" / "service-definitions.md").read_text()
    example = docs.split("## A worked example: report a pothole", 1)[1]
    block = example.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert block == (SERVICES / "pothole.yaml").read_text()
    assert load_definition(text=block, filename="example.yaml").code == "pothole"


def test_the_engine_imports_nothing_from_django():
    code = (
        "import sys, commonweal.services.engine; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"


# Found by fuzzing (test_definition_fuzz.py): each of these escaped as another exception
# (a 500 on the definition pages) or was accepted and then could not be stored.
@pytest.mark.parametrize(
    ("text", "filename", "words"),
    [
        ("lgsl: [" + "9" * 5000 + "]", "a.yaml", "has too many digits"),
        ('{"lgsl": [' + "9" * 5000 + "]}", "a.json", "a number has too many digits"),
        ("[" * 100_000, "a.yaml", "nested too deeply"),
        ("[" * 100_000 + "]" * 100_000, "a.json", "nested too deeply"),
        ("? [a]\n: b", "a.yaml", "a key must be text, not a list"),
        ("1: b", "a.yaml", "a key must be text, not a number"),
        ("name: !!timestamp 2026-13-45", "a.yaml", "tag:yaml.org,2002:timestamp is not allowed"),
        ("name: !!set {a}", "a.yaml", "tag:yaml.org,2002:set is not allowed"),
        ("version: !!int x", "a.yaml", "'x' is not a whole number"),
        ("version: !!float x", "a.yaml", "'x' is not a number"),
        ("version: !!float .nan", "a.yaml", "'.nan' is not a number"),
        ("name: !!bool x", "a.yaml", "'x' is not true or false"),
        ('{"version": NaN}', "a.json", "NaN is not a finite number"),
        ('{"version": 1e999}', "a.json", "1e999 is too large a number"),
        ('name: "a\\0b"', "a.yaml", "holds a NUL character or a lone surrogate"),
        ('{"name": "a\\u0000b"}', "a.json", "holds a NUL character or a lone surrogate"),
        ('{"name": "\\ud800"}', "a.json", "holds a NUL character or a lone surrogate"),
    ],
)
def test_unreadable_values_are_refused_with_the_reason(text, filename, words):
    with pytest.raises(DefinitionInvalid) as refused:
        load_definition(text=text, filename=filename)
    [error] = refused.value.errors
    assert error.location == "(document)"
    assert words in error.message


def test_a_number_with_a_leading_zero_is_decimal_as_yaml_1_2_says():
    # PyYAML read it as octal and failed on 08 and 09 with a ValueError.
    assert parse_document(text="a: 09\nb: 010\nc: '09'") == {"a": 9, "b": 10, "c": "09"}


def test_an_odd_unknown_key_is_located_in_quotes():
    document = parse_document(text=(SERVICES / "pothole.yaml").read_text())
    with pytest.raises(DefinitionInvalid) as refused:
        definition_from_document(document={**document, "": 1, "my key": 2})
    assert [e.location for e in refused.value.errors] == ['[""]', '["my key"]']


def test_text_that_looks_like_a_number_keeps_its_quotes_when_written_out():
    text = (SERVICES / "pothole.yaml").read_text()
    document = parse_document(text=text)
    document["synonyms"] = ["09", "1e5", "1.0e5", "yes", "null", "2026-01-01", "23:00"]
    again = load_definition(text=dump_document(document))
    assert again.document["synonyms"] == document["synonyms"]


@pytest.mark.parametrize(
    "text", ["\x85", "Subject\x85line", "\u2028", "a\u2029b", "two\nlines\x85", " \x85 "]
)
def test_text_holding_other_line_breaks_reads_back_the_same_when_written_out(text):
    document = parse_document(text=(SERVICES / "noise-complaint.yaml").read_text())
    document["notifications"][0]["subject"] = text

    written = dump_document(document)

    assert parse_document(text=written)["notifications"][0]["subject"] == text
