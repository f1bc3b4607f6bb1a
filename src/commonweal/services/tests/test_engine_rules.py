"""Automatic rules: every condition and action, firing order, chains and the loop guard."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from commonweal.services.engine import (
    AddPublicNote,
    AssignTeam,
    CaseState,
    EngineEvent,
    FlagDuplicates,
    MoveToState,
    Notify,
    RuleLoop,
    SetPriority,
    apply_event,
    due_at,
    load_definition,
    new_case,
    render_notification,
    sla_due_at,
)
from commonweal.services.engine.rules import MAX_MOVES, in_window

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)
CHOICES = [{"value": v, "label": v.title()} for v in ("red", "green", "blue")]


def definition(*rules: dict):
    doc = {
        "code": "rules",
        "name": "Rules",
        "description": "Tests rules.",
        "function": "street-cleansing",
        "questions": [
            {"id": "where", "label": "Where?", "type": "location"},
            {"id": "depth", "label": "Depth?", "type": "number"},
            {"id": "when", "label": "When?", "type": "date"},
            {"id": "colour", "label": "Colour?", "type": "single-choice", "choices": CHOICES},
            {"id": "colours", "label": "Colours?", "type": "multiple-choice", "choices": CHOICES},
            {"id": "story", "label": "Story?", "type": "long-text"},
            {"id": "hurt", "label": "Hurt?", "type": "yes-no"},
        ],
        "workflow": {
            "initial": "new",
            "states": [
                {"id": "new", "label": "New"},
                {"id": "triage", "label": "Triage"},
                {"id": "work", "label": "Work"},
                {"id": "done", "label": "Done", "closes": True},
                {"id": "dropped", "label": "Dropped", "closes": True},
            ],
            "transitions": [
                {
                    "id": "to-triage",
                    "from": ["new"],
                    "to": "triage",
                    "label": "Triage",
                    "roles": ["caseworker"],
                },
                {
                    "id": "to-work",
                    "from": "*",
                    "to": "work",
                    "label": "Work",
                    "roles": ["caseworker"],
                },
                {
                    "id": "finish",
                    "from": "*",
                    "to": "done",
                    "label": "Finish",
                    "roles": ["caseworker"],
                },
                {
                    "id": "drop",
                    "from": "*",
                    "to": "dropped",
                    "label": "Drop",
                    "roles": ["caseworker"],
                },
                {
                    "id": "redo",
                    "from": ["done"],
                    "to": "work",
                    "label": "Redo",
                    "roles": ["caseworker"],
                },
            ],
            "reopen": {"from": ["done"], "to": "triage", "roles": ["reporter"], "within_days": 10},
        },
        "sla": {"working_days": {"low": 20, "normal": 10, "high": 5, "urgent": 1}},
        "rules": list(rules),
        "notifications": [{"id": "t", "subject": "{reference}", "body": "{state_label}"}],
        "privacy": {"retention_days": 30},
    }
    return load_definition(text=json.dumps(doc), filename="rules.json")


def rule(id: str = "r", on: str = "submitted", conditions=None, actions=None, **more) -> dict:
    found = {"id": id, "on": on, "do": actions or [{"add-public-note": id}], **more}
    if conditions:
        found["if"] = conditions
    return found


def case(**changes) -> CaseState:
    base = {
        "state": "new",
        "priority": "normal",
        "channel": "web",
        "answers": {},
        "submitted_at": MONDAY,
        "due_at": None,
        "clock_started_at": MONDAY,
    }
    return CaseState(**(base | changes))


def run(definition, kind="submitted", now=MONDAY, subject=None, **event):
    return apply_event(
        definition=definition,
        case=subject or case(),
        event=EngineEvent(kind=kind, **event),
        now=now,
        nation="england",
    )


def fires(condition: dict, now=MONDAY, **case_changes) -> bool:
    outcome = run(definition(rule(conditions=[condition])), now=now, subject=case(**case_changes))
    return outcome.rules_fired == ("r",)


# Conditions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "answers", "expected"),
    [
        ({"question": "colour", "equals": "red"}, {"colour": "red"}, True),
        ({"question": "colour", "equals": "red"}, {"colour": "blue"}, False),
        ({"question": "colour", "equals": "red"}, {}, False),
        ({"question": "colour", "in": ["red", "green"]}, {"colour": "green"}, True),
        ({"question": "colour", "in": ["red", "green"]}, {"colour": "blue"}, False),
        ({"question": "colours", "equals": "blue"}, {"colours": ["red", "blue"]}, True),
        ({"question": "colours", "in": ["green"]}, {"colours": ["red", "blue"]}, False),
        ({"question": "colours", "contains": "red"}, {"colours": ["red"]}, True),
        ({"question": "colours", "contains": "green"}, {"colours": ["red"]}, False),
        ({"question": "story", "contains": "NEEDLE"}, {"story": "I found a needle"}, True),
        ({"question": "story", "contains": "glass"}, {"story": "I found a needle"}, False),
        ({"question": "depth", "gt": 4}, {"depth": 5}, True),
        ({"question": "depth", "gt": 4}, {"depth": 4}, False),
        ({"question": "depth", "lt": 4}, {"depth": 3.5}, True),
        ({"question": "depth", "lt": 4}, {"depth": 4}, False),
        ({"question": "depth", "gt": 4}, {}, False),
        ({"question": "depth", "equals": 2}, {"depth": 2}, True),
        ({"question": "when", "gt": "2026-03-01"}, {"when": "2026-03-02"}, True),
        ({"question": "when", "lt": "2026-03-01"}, {"when": "2026-03-02"}, False),
        ({"question": "hurt", "equals": True}, {"hurt": True}, True),
        ({"question": "hurt", "equals": True}, {"hurt": False}, False),
    ],
)
def test_answer_conditions(test, answers, expected):
    assert fires({"answer": test}, answers=answers) is expected


def test_true_is_not_one():
    assert fires({"answer": {"question": "depth", "equals": 1}}, answers={"depth": True}) is False


def test_priority_condition():
    assert fires({"priority": ["high", "urgent"]}, priority="urgent")
    assert not fires({"priority": ["high", "urgent"]}, priority="normal")


@pytest.mark.parametrize(
    "channel", ["web", "open311", "api", "phone", "email", "in-person", "import"]
)
def test_channel_condition(channel):
    assert fires({"channel": [channel]}, channel=channel)
    assert not fires({"channel": ["phone"] if channel != "phone" else ["web"]}, channel=channel)


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (22, 59, False),
        (23, 0, True),
        (23, 30, True),
        (0, 0, True),
        (3, 0, True),
        (6, 59, True),
        (7, 0, False),
        (12, 0, False),
    ],
)
def test_time_of_day_wrapping_past_midnight(hour, minute, expected):
    now = datetime(2026, 3, 9, hour, minute, tzinfo=LONDON)
    assert fires({"time_of_day": {"from": "23:00", "to": "07:00"}}, now=now) is expected


@pytest.mark.parametrize(
    ("hour", "expected"), [(8, False), (9, True), (12, True), (16, True), (17, False)]
)
def test_time_of_day_within_one_day(hour, expected):
    now = datetime(2026, 3, 9, hour, 0, tzinfo=LONDON)
    assert fires({"time_of_day": {"from": "09:00", "to": "17:00"}}, now=now) is expected


def test_time_of_day_is_london_time():
    # 22:30 UTC on 1 July is 23:30 British Summer Time.
    assert in_window(datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "23:00", "07:00")
    assert not in_window(datetime(2026, 1, 1, 22, 30, tzinfo=UTC), "23:00", "07:00")


def test_every_condition_must_hold():
    both = [{"channel": ["phone"]}, {"answer": {"question": "depth", "gt": 4}}]
    defn = definition(rule(conditions=both))
    assert run(defn, subject=case(channel="phone", answers={"depth": 5})).rules_fired == ("r",)
    assert run(defn, subject=case(channel="web", answers={"depth": 5})).rules_fired == ()
    assert run(defn, subject=case(channel="phone", answers={"depth": 1})).rules_fired == ()


# Actions ------------------------------------------------------------------------------------------


def test_set_priority_recomputes_the_due_time_from_the_clock_start():
    defn = definition(rule(actions=[{"set-priority": "urgent"}]))
    outcome = run(defn, subject=case(due_at=MONDAY + timedelta(days=14)))
    expected_due = datetime(2026, 3, 10, 17, 0, tzinfo=LONDON)
    assert outcome.case.priority == "urgent"
    assert outcome.case.due_at == expected_due
    assert outcome.actions == (SetPriority("r", "urgent", "normal", expected_due),)


def test_assign_team():
    outcome = run(definition(rule(actions=[{"assign-team": "Night crew"}])))
    assert outcome.case.team == "Night crew"
    assert outcome.actions == (AssignTeam("r", "Night crew"),)


def test_add_public_note_notify_and_flag_duplicates():
    actions = [
        {"add-public-note": "We are on it."},
        {"notify": {"to": "service-owner", "template": "t"}},
        {"flag-duplicates": {"within_metres": 50, "within_days": 14}},
    ]
    outcome = run(definition(rule(actions=actions)))
    assert outcome.actions == (
        AddPublicNote("r", "We are on it."),
        Notify("r", "service-owner", "t"),
        FlagDuplicates("r", 50, 14),
    )
    assert outcome.case == case()


def test_move_to_state_closes_the_case_and_fires_entered_state():
    defn = definition(
        rule("shut", actions=[{"move-to-state": "dropped"}]),
        rule(
            "told",
            on="entered-state",
            state="dropped",
            actions=[{"notify": {"to": "reporter", "template": "t"}}],
        ),
    )
    outcome = run(defn)
    assert outcome.case.state == "dropped"
    assert outcome.case.closed_at == MONDAY
    assert outcome.actions == (
        MoveToState("shut", "new", "dropped"),
        Notify("told", "reporter", "t"),
    )
    assert outcome.rules_fired == ("shut", "told")


def test_moving_to_the_current_state_does_nothing():
    defn = definition(
        rule("stay", actions=[{"move-to-state": "new"}]),
        rule("entered", on="entered-state", state="new"),
    )
    outcome = run(defn)
    assert outcome.actions == ()
    assert outcome.rules_fired == ("stay",)


# Triggers and order --------------------------------------------------------------------------


def test_rules_fire_in_definition_order_and_see_earlier_changes():
    defn = definition(
        rule("first", actions=[{"set-priority": "high"}]),
        rule("second", conditions=[{"priority": ["high"]}], actions=[{"assign-team": "Fast"}]),
        rule("third", conditions=[{"priority": ["normal"]}], actions=[{"assign-team": "Slow"}]),
    )
    outcome = run(defn)
    assert outcome.rules_fired == ("first", "second")
    assert outcome.case.team == "Fast"


@pytest.mark.parametrize("kind", ["submitted", "note-added", "overdue"])
def test_each_event_fires_only_its_own_rules(kind):
    defn = definition(
        *(rule(on, on=on) for on in ("submitted", "note-added", "overdue", "reopened"))
    )
    assert run(defn, kind=kind).rules_fired == (kind,)


def test_submission_does_not_fire_entered_state_for_the_initial_state():
    defn = definition(rule("entered", on="entered-state", state="new"))
    assert run(defn).rules_fired == ()


def test_a_transition_fires_entered_state_for_the_new_state():
    defn = definition(
        rule("in-work", on="entered-state", state="work"),
        rule("in-triage", on="entered-state", state="triage"),
    )
    outcome = run(defn, kind="transition", transition="to-work", roles={"caseworker"})
    assert outcome.case.state == "work"
    assert outcome.rules_fired == ("in-work",)
    assert outcome.transition is not None and outcome.transition.id == "to-work"


def test_entered_state_rules_chain():
    defn = definition(
        rule("a", on="entered-state", state="triage", actions=[{"move-to-state": "work"}]),
        rule("b", on="entered-state", state="work", actions=[{"move-to-state": "done"}]),
        rule("c", on="entered-state", state="done", actions=[{"add-public-note": "Done"}]),
    )
    outcome = run(defn, kind="transition", transition="to-triage", roles={"caseworker"})
    assert outcome.case.state == "done"
    assert outcome.rules_fired == ("a", "b", "c")
    assert [type(a).__name__ for a in outcome.actions] == [
        "MoveToState",
        "MoveToState",
        "AddPublicNote",
    ]


def test_entered_state_rules_stop_once_the_case_has_moved_on():
    defn = definition(
        rule("leave", on="entered-state", state="work", actions=[{"move-to-state": "done"}]),
        rule("stale", on="entered-state", state="work"),
    )
    outcome = run(defn, kind="transition", transition="to-work", roles={"caseworker"})
    assert outcome.rules_fired == ("leave",)


def test_a_rule_loop_is_stopped_with_a_clear_error():
    always = [{"channel": ["web"]}]  # a condition, so the definition check lets it through
    defn = definition(
        rule(
            "there",
            on="entered-state",
            state="work",
            conditions=always,
            actions=[{"move-to-state": "triage"}],
        ),
        rule(
            "back",
            on="entered-state",
            state="triage",
            conditions=always,
            actions=[{"move-to-state": "work"}],
        ),
    )
    with pytest.raises(RuleLoop) as loop:
        run(defn, kind="transition", transition="to-work", roles={"caseworker"})
    message = str(loop.value)
    assert f"more than {MAX_MOVES} times" in message
    assert "new → work → triage → work" in message
    assert "check the entered-state rules for a loop" in message


# Closing and reopening --------------------------------------------------------------------------


def test_reopen_restarts_the_clock_and_fires_entered_state_then_reopened():
    defn = definition(
        rule("reopened", on="reopened", actions=[{"set-priority": "high"}]),
        rule("entered", on="entered-state", state="triage"),
    )
    closed = case(state="done", closed_at=MONDAY, due_at=MONDAY)
    later = MONDAY + timedelta(days=3)  # Thursday 12 March, 10:00
    outcome = run(defn, kind="reopen", roles={"reporter"}, subject=closed, now=later)
    assert outcome.case.state == "triage"
    assert outcome.case.closed_at is None
    assert outcome.case.reopened_count == 1
    assert outcome.case.clock_started_at == later
    assert outcome.rules_fired == ("entered", "reopened")
    assert outcome.case.due_at == due_at(start=later, working_days=5, nation="england")


def test_a_staff_transition_out_of_a_closed_state_is_a_reopening_too():
    defn = definition(rule("reopened", on="reopened"))
    closed = case(state="done", closed_at=MONDAY)
    outcome = run(defn, kind="transition", transition="redo", roles={"caseworker"}, subject=closed)
    assert outcome.case.reopened_count == 1
    assert outcome.rules_fired == ("reopened",)


def test_a_transition_to_a_closing_state_sets_closed_at():
    later = MONDAY + timedelta(hours=2)
    outcome = run(
        definition(), kind="transition", transition="finish", roles={"caseworker"}, now=later
    )
    assert (outcome.case.state, outcome.case.closed_at) == ("done", later)


# Starting a case ---------------------------------------------------------------------------------


def test_new_case_starts_in_the_initial_state_with_its_due_time():
    defn = definition()
    started = new_case(
        definition=defn, answers={"depth": 3}, channel="phone", now=MONDAY, nation="scotland"
    )
    assert started.state == "new"
    assert started.priority == "normal"
    assert started.channel == "phone"
    assert started.due_at == datetime(2026, 3, 23, 17, 0, tzinfo=LONDON)
    assert started.clock_start == MONDAY


def test_apply_event_needs_an_aware_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        run(definition(), now=datetime(2026, 3, 9, 10, 0))


# The shipped definitions' rules -------------------------------------------------------------------

SERVICES = Path(__file__).resolve().parents[4] / "data" / "services"


def shipped(code: str):
    path = SERVICES / f"{code}.yaml"
    return load_definition(text=path.read_text(), filename=path.name)


def submit(code: str, answers: dict, now: datetime):
    defn = shipped(code)
    started = new_case(definition=defn, answers=answers, channel="web", now=now, nation="england")
    return apply_event(
        definition=defn,
        case=started,
        event=EngineEvent(kind="submitted"),
        now=now,
        nation="england",
    )


def test_a_deep_pothole_reported_on_friday_evening():
    friday_evening = datetime(2026, 3, 27, 18, 30, tzinfo=LONDON)
    answers = {
        "location": {"lat": 52.2, "lon": 0.12},
        "position": "road",
        "depth_cm": 12,
        "dangerous": False,
    }
    outcome = submit("pothole", answers, friday_evening)
    assert outcome.case.priority == "urgent"
    assert outcome.case.due_at == datetime(2026, 3, 31, 17, 0, tzinfo=LONDON)
    assert outcome.rules_fired == (
        "look-for-duplicates",
        "acknowledge",
        "very-deep",
        "out-of-hours",
    )
    assert FlagDuplicates("look-for-duplicates", 50, 14) in outcome.actions
    assert Notify("very-deep", "team", "urgent") in outcome.actions


def test_noise_happening_now_at_night_goes_to_the_out_of_hours_team():
    answers = {
        "location": {"lat": 52.2, "lon": 0.12},
        "source": "music",
        "times": ["night"],
        "how_often": "often",
        "happening_now": True,
    }
    night = submit("noise-complaint", answers, datetime(2026, 3, 28, 1, 15, tzinfo=LONDON))
    assert night.case.team == "Out-of-hours noise service"
    assert night.case.priority == "high"
    day = submit("noise-complaint", answers, datetime(2026, 3, 27, 15, 0, tzinfo=LONDON))
    assert day.case.team is None


def test_a_garden_bin_without_a_subscription_is_closed_with_a_note():
    answers = {
        "location": {"lat": 52.2, "lon": 0.12},
        "bin_type": "garden-waste",
        "garden_subscription": False,
        "collection_date": "2026-03-26",
        "out_on_time": True,
    }
    outcome = submit("missed-bin", answers, MONDAY)
    assert outcome.case.state == "not-needed"
    assert outcome.case.closed_at == MONDAY
    assert Notify("tell-not-needed", "reporter", "closed") in outcome.actions


# Offerings' own deadlines, and notifications ------------------------------------------


def test_an_offering_may_override_the_working_days():
    defn = definition(rule(actions=[{"set-priority": "high"}]))
    started = new_case(
        definition=defn,
        answers={},
        channel="web",
        now=MONDAY,
        nation="england",
        working_days={"normal": 3},
    )
    assert started.due_at == datetime(2026, 3, 12, 17, 0, tzinfo=LONDON)
    outcome = apply_event(
        definition=defn,
        case=started,
        event=EngineEvent(kind="submitted"),
        now=MONDAY,
        nation="england",
        working_days={"high": 2},
    )
    assert outcome.case.due_at == datetime(2026, 3, 11, 17, 0, tzinfo=LONDON)


def test_deadlines_need_a_known_priority_and_cases_a_known_channel():
    defn = definition()
    with pytest.raises(ValueError, match="no deadline for priority 'asap'"):
        sla_due_at(definition=defn, priority="asap", start=MONDAY, nation="england")
    with pytest.raises(ValueError, match="unknown channel 'fax'"):
        new_case(definition=defn, answers={}, channel="fax", now=MONDAY, nation="england")


def test_render_notification_fills_only_allowed_placeholders():
    pothole = shipped("pothole")
    values = {"reference": "CW-7K3F-9Q2M", "due_date": "Tuesday 31 March", "case_url": "/c/1"}
    subject, body = render_notification(definition=pothole, template="received", values=values)
    assert subject == "We have your pothole report CW-7K3F-9Q2M"
    assert "by Tuesday 31 March. You can follow it at /c/1." in body
    with pytest.raises(ValueError, match="needs values for: due_date"):
        render_notification(
            definition=pothole, template="received", values={"reference": "x", "case_url": "y"}
        )
    with pytest.raises(ValueError, match="unknown placeholders: email"):
        render_notification(
            definition=pothole, template="received", values=values | {"email": "a@b.c"}
        )
