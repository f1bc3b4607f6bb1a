"""Workflow and rule checks: state names, reachability, closing and reopening, rule references."""

from collections import defaultdict

from .checks import duplicates, near
from .documents import DefinitionError

ORDERED_TYPES = ("number", "date")
CONTAINS_TYPES = ("text", "long-text", "multiple-choice")


class _States:
    """The states of a workflow, for name checks with a helpful hint."""

    def __init__(self, workflow: dict) -> None:
        self.ids = [state["id"] for state in workflow["states"]]
        self.closing = {s["id"] for s in workflow["states"] if s.get("closes", False)}
        self.open = [state_id for state_id in self.ids if state_id not in self.closing]

    def unknown(self, where: str, state_id: str) -> list[DefinitionError]:
        if state_id in self.ids:
            return []
        return [DefinitionError(where, f"unknown state {state_id!r}{near(state_id, self.ids)}")]


def _sources(transition: dict, states: _States) -> list[str]:
    return states.open if transition["from"] == "*" else transition["from"]


def _edges(document: dict, states: _States) -> dict[str, set[str]]:
    """Every way a case can move: transitions, the reopen rule and rules' move-to-state."""
    workflow = document["workflow"]
    edges: dict[str, set[str]] = defaultdict(set)
    for transition in workflow["transitions"]:
        for source in _sources(transition, states):
            edges[source].add(transition["to"])
    reopen = workflow.get("reopen")
    if reopen:
        for source in reopen["from"]:
            edges[source].add(reopen["to"])
    for rule in document.get("rules", []):
        sources = [rule["state"]] if rule["on"] == "entered-state" else states.open
        for action in rule["do"]:
            if "move-to-state" in action:
                for source in sources:
                    edges[source].add(action["move-to-state"])
    return edges


def _reach(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for following in edges.get(todo.pop(), ()):
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


def _names(workflow: dict, states: _States) -> list[DefinitionError]:
    errors = duplicates(workflow["states"], "id", "workflow.states")
    errors += duplicates(workflow["transitions"], "id", "workflow.transitions")
    errors += states.unknown("workflow.initial", workflow["initial"])
    if workflow["initial"] in states.closing:
        errors.append(DefinitionError("workflow.initial", "the initial state must not close"))
    for index, transition in enumerate(workflow["transitions"]):
        where = f"workflow.transitions[{index}]"
        if transition["from"] != "*":
            for position, source in enumerate(transition["from"]):
                errors += states.unknown(f"{where}.from[{position}]", source)
        errors += states.unknown(f"{where}.to", transition["to"])
    return errors


def _closing(workflow: dict, states: _States) -> list[DefinitionError]:
    if not states.closing:
        return [
            DefinitionError("workflow.states", "no state closes the case; mark one 'closes: true'")
        ]
    errors = []
    reopen = workflow.get("reopen")
    reopenable = set(reopen["from"]) if reopen else set()
    if reopen:
        for position, source in enumerate(reopen["from"]):
            where = f"workflow.reopen.from[{position}]"
            errors += states.unknown(where, source)
            if source in states.ids and source not in states.closing:
                errors.append(DefinitionError(where, f"{source!r} does not close the case"))
        errors += states.unknown("workflow.reopen.to", reopen["to"])
        if reopen["to"] in states.closing:
            errors.append(DefinitionError("workflow.reopen.to", "must be an open state"))
    for index, transition in enumerate(workflow["transitions"]):
        if transition["from"] == "*":
            continue
        for position, source in enumerate(transition["from"]):
            if source in states.closing and source not in reopenable:
                errors.append(
                    DefinitionError(
                        f"workflow.transitions[{index}].from[{position}]",
                        f"{source!r} closes the case and the reopen rule does not cover it; "
                        f"add it to workflow.reopen.from or remove this transition",
                    )
                )
    return errors


def _reachability(document: dict, states: _States) -> list[DefinitionError]:
    edges = _edges(document, states)
    reachable = _reach(document["workflow"]["initial"], edges)
    errors = []
    for index, state_id in enumerate(states.ids):
        where = f"workflow.states[{index}]"
        if state_id not in reachable:
            errors.append(
                DefinitionError(
                    where,
                    f"state {state_id!r} cannot be reached from the initial "
                    f"state {document['workflow']['initial']!r}",
                )
            )
        elif state_id not in states.closing and not _reach(state_id, edges) & states.closing:
            errors.append(DefinitionError(where, f"a case in {state_id!r} can never be closed"))
    return errors


def check_workflow(document: dict) -> list[DefinitionError]:
    workflow = document["workflow"]
    states = _States(workflow)
    errors = _names(workflow, states) + _closing(workflow, states)
    if not errors:
        errors = _reachability(document, states)
    return errors


def _answer_condition(where: str, test: dict, questions: dict[str, dict]) -> list[DefinitionError]:
    question_id = test["question"]
    if question_id not in questions:
        hint = near(question_id, list(questions))
        return [DefinitionError(f"{where}.question", f"unknown question {question_id!r}{hint}")]
    kind = questions[question_id]["type"]
    operator = next(key for key in test if key != "question")
    if operator in ("gt", "lt") and kind not in ORDERED_TYPES:
        return [
            DefinitionError(
                f"{where}.{operator}",
                f"only works on number and date questions; {question_id!r} is {kind}",
            )
        ]
    if operator in ("gt", "lt") and isinstance(test[operator], str) != (kind == "date"):
        wanted = "a date as yyyy-mm-dd" if kind == "date" else "a number"
        return [DefinitionError(f"{where}.{operator}", f"must be {wanted}")]
    if operator == "contains" and kind not in CONTAINS_TYPES:
        return [
            DefinitionError(
                f"{where}.contains",
                f"only works on text and multiple-choice questions; {question_id!r} is {kind}",
            )
        ]
    if operator in ("equals", "in") and "choices" in questions[question_id]:
        allowed = [choice["value"] for choice in questions[question_id]["choices"]]
        values = test["in"] if operator == "in" else [test["equals"]]
        return [
            DefinitionError(f"{where}.{operator}", f"{value!r} is not a choice of {question_id!r}")
            for value in values
            if value not in allowed
        ]
    return []


def _rule(index: int, rule: dict, document: dict, states: _States) -> list[DefinitionError]:
    where = f"rules[{index}]"
    questions = {question["id"]: question for question in document["questions"]}
    templates = [template["id"] for template in document.get("notifications", [])]
    errors = []
    if "state" in rule:
        if rule["on"] != "entered-state":
            errors.append(
                DefinitionError(f"{where}.state", "only entered-state rules name a state")
            )
        else:
            errors += states.unknown(f"{where}.state", rule["state"])
    for position, condition in enumerate(rule.get("if", [])):
        spot = f"{where}.if[{position}]"
        if "answer" in condition:
            errors += _answer_condition(f"{spot}.answer", condition["answer"], questions)
        elif "time_of_day" in condition:
            window = condition["time_of_day"]
            if window["from"] == window["to"]:
                errors.append(
                    DefinitionError(
                        f"{spot}.time_of_day",
                        "from and to are the same time, so the window is empty",
                    )
                )
    for position, action in enumerate(rule["do"]):
        spot = f"{where}.do[{position}]"
        if "move-to-state" in action:
            errors += states.unknown(f"{spot}.move-to-state", action["move-to-state"])
        elif "notify" in action:
            template = action["notify"]["template"]
            if template not in templates:
                errors.append(
                    DefinitionError(
                        f"{spot}.notify.template",
                        f"unknown notification template {template!r}{near(template, templates)}",
                    )
                )
        elif "flag-duplicates" in action and not any(
            question["type"] == "location" for question in document["questions"]
        ):
            errors.append(DefinitionError(f"{spot}.flag-duplicates", "needs a location question"))
    return errors


def _unconditional_loop(document: dict) -> list[DefinitionError]:
    """Entered-state rules without conditions that move the case round in a circle."""
    moves: dict[str, set[str]] = defaultdict(set)
    first_rule: dict[str, int] = {}
    for index, rule in enumerate(document.get("rules", [])):
        if rule["on"] == "entered-state" and "if" not in rule:
            for action in rule["do"]:
                if "move-to-state" in action:
                    moves[rule["state"]].add(action["move-to-state"])
                    first_rule.setdefault(rule["state"], index)
    for state_id, index in first_rule.items():
        if any(state_id in _reach(following, moves) for following in moves[state_id]):
            return [
                DefinitionError(
                    f"rules[{index}]",
                    f"entered-state rules move the case out "
                    f"of {state_id!r} and back again for ever",
                )
            ]
    return []


def check_rules(document: dict) -> list[DefinitionError]:
    rules = document.get("rules", [])
    states = _States(document["workflow"])
    errors = duplicates(rules, "id", "rules")
    for index, rule in enumerate(rules):
        errors += _rule(index, rule, document, states)
    return errors or _unconditional_loop(document)
