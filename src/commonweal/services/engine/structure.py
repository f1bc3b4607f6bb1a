"""The parts of a service definition as frozen dataclasses, built from a checked document.

`build(document)` assumes the document has passed `check_definition`; it fills in the
documented defaults (not required, priority normal, no location rounding, …).
"""

from dataclasses import dataclass, field
from typing import Any

PRIORITIES = ("low", "normal", "high", "urgent")
STAFF_ROLES = ("caseworker", "service-owner", "commissioner", "executive", "admin")
REPORTER = "reporter"
CHANNELS = ("web", "open311", "api", "phone", "email", "in-person", "import")
CHOICE_TYPES = ("single-choice", "multiple-choice")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ShowIf:
    question: str
    values: tuple[Any, ...]  # shown when the answer equals (or includes) any of these


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    type: str
    required: bool = False
    hint: str = ""
    required_message: str = ""
    min_length: int | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    whole_number: bool = False
    min_date: str | None = None
    max_date: str | None = None
    max_photos: int | None = None
    choices: tuple[Choice, ...] = ()
    show_if: ShowIf | None = None

    def choice_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True)
class State:
    id: str
    label: str
    closes: bool = False


@dataclass(frozen=True)
class Transition:
    id: str
    from_states: tuple[str, ...]  # expanded: "*" becomes every open state
    to: str
    label: str
    roles: frozenset[str]
    public_note_required: bool = False


@dataclass(frozen=True)
class ReopenRule:
    from_states: tuple[str, ...]
    to: str
    roles: frozenset[str]
    within_days: int


@dataclass(frozen=True)
class Workflow:
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    reopen: ReopenRule | None = None

    def state(self, state_id: str) -> State:
        for state in self.states:
            if state.id == state_id:
                return state
        raise KeyError(state_id)

    def has_state(self, state_id: str) -> bool:
        return any(state.id == state_id for state in self.states)


@dataclass(frozen=True)
class Sla:
    default_priority: str
    working_days: dict[str, int]


@dataclass(frozen=True)
class Condition:
    kind: str  # "answer", "priority", "channel" or "time_of_day"
    question: str | None = None
    operator: str | None = None  # equals, in, gt, lt, contains (answer conditions)
    value: Any = None  # the operand; a tuple for in/priority/channel; (from, to) for time


@dataclass(frozen=True)
class ActionSpec:
    kind: str  # set-priority, assign-team, move-to-state, add-public-note, notify, flag-duplicates
    value: Any


@dataclass(frozen=True)
class Rule:
    id: str
    on: str
    state: str | None
    conditions: tuple[Condition, ...]
    actions: tuple[ActionSpec, ...]


@dataclass(frozen=True)
class Template:
    id: str
    subject: str
    body: str


@dataclass(frozen=True)
class Privacy:
    location_rounding_metres: int = 0
    description_public: bool = True
    retention_days: int = 365


@dataclass(frozen=True)
class Definition:
    code: str
    version: int | None
    lgsl: tuple[int, ...]
    name: str
    description: str
    synonyms: tuple[str, ...]
    function: str
    questions: tuple[Question, ...]
    workflow: Workflow
    sla: Sla
    rules: tuple[Rule, ...]
    notifications: dict[str, Template]
    privacy: Privacy
    document: dict = field(repr=False, compare=False, default_factory=dict)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    @property
    def location_question(self) -> Question | None:
        """The location question, whose answer is the case's location (there is at most one)."""
        return next((q for q in self.questions if q.type == "location"), None)

    @property
    def description_question(self) -> Question | None:
        """The question with id `description`, whose answer is the case's description."""
        return next((q for q in self.questions if q.id == "description"), None)

    def summary(self) -> str:
        version = f" v{self.version}" if self.version is not None else ""
        return (
            f"{self.name} ({self.code}{version}, {self.function}, "
            f"{len(self.questions)} questions, {len(self.workflow.states)} states)"
        )


def _question(raw: dict) -> Question:
    show_if = None
    if "show_if" in raw:
        test = raw["show_if"]
        values = tuple(test["in"]) if "in" in test else (test["equals"],)
        show_if = ShowIf(question=test["question"], values=values)
    limits = ("min_length", "max_length", "min", "max", "min_date", "max_date", "max_photos")
    return Question(
        id=raw["id"],
        label=raw["label"],
        type=raw["type"],
        required=raw.get("required", False),
        hint=raw.get("hint", ""),
        required_message=raw.get("required_message", ""),
        whole_number=raw.get("whole_number", False),
        choices=tuple(Choice(c["value"], c["label"]) for c in raw.get("choices", [])),
        show_if=show_if,
        **{name: raw[name] for name in limits if name in raw},
    )


def _condition(raw: dict) -> Condition:
    (kind, test), *_ = raw.items()
    if kind == "answer":
        operator = next(key for key in test if key != "question")
        value = tuple(test["in"]) if operator == "in" else test[operator]
        return Condition(kind=kind, question=test["question"], operator=operator, value=value)
    if kind == "time_of_day":
        return Condition(kind=kind, value=(test["from"], test["to"]))
    return Condition(kind=kind, value=tuple(test))


def _rule(raw: dict) -> Rule:
    return Rule(
        id=raw["id"],
        on=raw["on"],
        state=raw.get("state"),
        conditions=tuple(_condition(c) for c in raw.get("if", [])),
        actions=tuple(ActionSpec(*next(iter(a.items()))) for a in raw["do"]),
    )


def _workflow(raw: dict) -> Workflow:
    states = tuple(State(s["id"], s["label"], s.get("closes", False)) for s in raw["states"])
    open_states = tuple(s.id for s in states if not s.closes)
    transitions = tuple(
        Transition(
            id=t["id"],
            from_states=open_states if t["from"] == "*" else tuple(t["from"]),
            to=t["to"],
            label=t["label"],
            roles=frozenset(t["roles"]),
            public_note_required=t.get("public_note_required", False),
        )
        for t in raw["transitions"]
    )
    reopen = None
    if "reopen" in raw:
        r = raw["reopen"]
        reopen = ReopenRule(tuple(r["from"]), r["to"], frozenset(r["roles"]), r["within_days"])
    return Workflow(raw["initial"], states, transitions, reopen)


def build(document: dict) -> Definition:
    sla = document["sla"]
    return Definition(
        code=document["code"],
        version=document.get("version"),
        lgsl=tuple(document.get("lgsl", [])),
        name=document["name"],
        description=document["description"],
        synonyms=tuple(document.get("synonyms", [])),
        function=document["function"],
        questions=tuple(_question(q) for q in document["questions"]),
        workflow=_workflow(document["workflow"]),
        sla=Sla(sla.get("default_priority", "normal"), dict(sla["working_days"])),
        rules=tuple(_rule(r) for r in document.get("rules", [])),
        notifications={
            t["id"]: Template(t["id"], t["subject"], t["body"])
            for t in document.get("notifications", [])
        },
        privacy=Privacy(**document["privacy"]),
        document=document,
    )
