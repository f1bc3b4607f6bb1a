"""Loading and checking service definitions.

`check_definition` returns every problem with its location. The JSON Schema comes first:
when the document breaks it, those errors (all of them) are returned alone, because the
meaning checks need a document of the right shape. Otherwise the meaning checks run:
the function, duplicate ids, question limits and show_if, the workflow, rules, SLA
priorities and notification placeholders.
"""

from typing import Any

from .checks import check_function, check_notifications, check_questions, check_sla
from .checks_workflow import check_rules, check_workflow
from .documents import DefinitionError, DocumentUnreadable, parse, schema_errors
from .structure import Definition, build


class DefinitionInvalid(ValueError):
    """A definition that cannot be used, with every error found."""

    def __init__(self, errors: list[DefinitionError], filename: str = "<input>") -> None:
        self.errors = errors
        self.filename = filename
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        super().__init__(f"{filename}: {count}: " + "; ".join(map(str, errors)))


def check_definition(*, document: Any) -> list[DefinitionError]:
    """Every error in a definition document (a parsed mapping); an empty list when it is sound."""
    errors = schema_errors(document)
    if errors:
        return errors
    for check in (check_function, check_questions, check_workflow, check_rules):
        errors += check(document)
    return errors + check_sla(document) + check_notifications(document)


def load_definition(*, text: str, filename: str = "<input>") -> Definition:
    """Read a YAML or JSON definition and check it; raise `DefinitionInvalid` with every error."""
    try:
        document = parse(text=text, filename=filename)
    except DocumentUnreadable as problem:
        raise DefinitionInvalid([DefinitionError("(document)", str(problem))], filename) from None
    errors = check_definition(document=document)
    if errors:
        raise DefinitionInvalid(errors, filename)
    return build(document)


def definition_from_document(*, document: dict) -> Definition:
    """A Definition from an already parsed document (as stored in the database)."""
    errors = check_definition(document=document)
    if errors:
        raise DefinitionInvalid(errors)
    return build(document)
