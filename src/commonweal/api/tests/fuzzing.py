"""Shared machinery for the schemathesis fuzz tests: bounded settings, the checks, the runner.

Every operation of a document gets a fixed number of generated requests (valid and
invalid ones), derandomised so that CI sends the same requests every time. The app runs
in-process over WSGI inside the test's transaction, so whatever the requests change is
rolled back afterwards. One test per document sets its data up once and fuzzes each
operation as a subtest, so one failing operation does not hide another.
"""

import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Requests per operation. About 20 operations in the two documents keep both tests
# within a minute or two on a small CI machine; set COMMONWEAL_FUZZ_EXAMPLES to fuzz
# longer by hand.
EXAMPLES = int(os.environ.get("COMMONWEAL_FUZZ_EXAMPLES", "30"))

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    # No shrinking: the database changes as requests go by, so a failing request is
    # reported as it was sent.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# No 5xx, only documented statuses, the documented media type, and a body that fits the
# schema documented for that status.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def wsgi_app():
    from commonweal.wsgi import application

    return application


@contextmanager
def connection_kept_open() -> Iterator[None]:
    """Requests through the WSGI handler would close the test's connection at their end,
    ending the test's transaction; Django's own test client holds the signal back the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(schema: BaseSchema, subtests, send: Callable[[Case, st.DataObject], int]) -> None:
    """Run `send` on generated cases, valid and invalid, for each operation of `schema`.

    `send` returns the status it got; the statuses seen per operation are printed (shown
    with `pytest -s`) to show which paths the requests reached.
    """
    with connection_kept_open():
        for result in schema.get_all_operations():
            operation = result.ok()
            with subtests.test(msg=operation.label):
                _fuzz_operation(operation, send)


def _fuzz_operation(operation, send: Callable[[Case, st.DataObject], int]) -> None:
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    seen: Counter[int] = Counter()

    @FUZZ_SETTINGS
    @given(case=cases, data=st.data())
    def run(case: Case, data: st.DataObject) -> None:
        seen[send(case, data)] += 1

    try:
        run()
    finally:
        print(operation.label, dict(sorted(seen.items())))


def steer(case: Case, data: st.DataObject, known: dict[str, list]) -> None:
    """Often swap a generated value for one that exists (a real reference, slug, service
    code), so that requests reach the happy paths too and not only the 404s and 400s.
    Hypothesis favours the first choices, so the generated value is offered last."""
    for values in (case.path_parameters, case.query, case.body):
        if not isinstance(values, dict):
            continue
        for name in values.keys() & known.keys():
            values[name] = data.draw(st.sampled_from([*known[name], values[name]]))
