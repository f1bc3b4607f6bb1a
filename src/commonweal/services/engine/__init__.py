"""The service engine: pure functions over service definitions and case states.

No database and no Django here. Other apps import from this package, not its modules.
"""

from .answers import AnswersInvalid, clean_answers, validate_answers, visible_questions
from .calendar import (
    add_working_days,
    bank_holidays,
    due_at,
    is_working_day,
    start_day,
    working_days_between,
)
from .case import (
    Action,
    AddPublicNote,
    AssignTeam,
    CaseState,
    EngineEvent,
    FlagDuplicates,
    MoveToState,
    Notify,
    Outcome,
    SetPriority,
)
from .checks import PLACEHOLDERS
from .definition import (
    DefinitionInvalid,
    check_definition,
    definition_from_document,
    load_definition,
)
from .documents import DefinitionError, schema
from .documents import dump as dump_document
from .documents import parse as parse_document
from .notifications import render_notification
from .rules import RuleLoop, apply_event
from .sla import new_case, sla_due_at, working_days_for
from .structure import (
    CHANNELS,
    PRIORITIES,
    STAFF_ROLES,
    Definition,
    Question,
    ReopenRule,
    State,
    Transition,
)
from .workflow import TransitionRefused, allowed_transitions, check_reopen, check_transition

__all__ = [
    "CHANNELS",
    "PLACEHOLDERS",
    "PRIORITIES",
    "STAFF_ROLES",
    "Action",
    "AddPublicNote",
    "AnswersInvalid",
    "AssignTeam",
    "CaseState",
    "Definition",
    "DefinitionError",
    "DefinitionInvalid",
    "EngineEvent",
    "FlagDuplicates",
    "MoveToState",
    "Notify",
    "Outcome",
    "Question",
    "ReopenRule",
    "RuleLoop",
    "SetPriority",
    "State",
    "Transition",
    "TransitionRefused",
    "add_working_days",
    "allowed_transitions",
    "apply_event",
    "bank_holidays",
    "check_definition",
    "check_reopen",
    "check_transition",
    "clean_answers",
    "definition_from_document",
    "due_at",
    "dump_document",
    "is_working_day",
    "load_definition",
    "new_case",
    "parse_document",
    "render_notification",
    "schema",
    "sla_due_at",
    "start_day",
    "validate_answers",
    "visible_questions",
    "working_days_between",
    "working_days_for",
]
