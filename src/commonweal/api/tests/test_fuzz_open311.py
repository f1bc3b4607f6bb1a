"""Schemathesis against docs/open311-openapi.yaml: no request makes a 5xx, every answer fits."""

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import strategies as st

from commonweal.api.tests.fuzzing import CHECKS, fuzz, steer, wsgi_app
from commonweal.api.tests.test_open311_openapi import DOCUMENT
from commonweal.api.tests.test_open311_support import (
    CAMBRIDGE,
    MISSED_BIN,
    POTHOLE,
    councils,
    pothole_case,
)

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_path(DOCUMENT)
schema.app = wsgi_app()


def test_open311_api(reference_data, subtests):
    # Answers that make a request acceptable, so that some POSTs get as far as a new case.
    bin_day = timezone.localdate().isoformat()
    answers = {
        "pothole": POTHOLE,
        "missed-bin": {**MISSED_BIN, "attribute[collection_date]": bin_day},
    }
    setup = councils()
    references = [pothole_case(description=f"Case {n}").reference for n in range(3)]
    known = {
        "api_key": [setup.key],
        "jurisdiction_id": [setup.city.slug, setup.county.gss_code],
        "service_code": list(answers),
        "service_request_id": references,
        "token": references,
        "lat": [CAMBRIDGE[0]],
        "long": [CAMBRIDGE[1]],
        "media_url": ["https://photos.example/pothole.jpg"],
    }

    def send(case, data) -> int:
        steer(case, data, known)
        if isinstance(case.body, dict) and data.draw(st.booleans()):
            # The rest of a request that can be made, with whatever else was generated.
            code = data.draw(st.sampled_from(list(answers)))
            place = {"lat": CAMBRIDGE[0], "long": CAMBRIDGE[1]}
            case.body.pop("jurisdiction_id", None)
            case.body.update(api_key=setup.key, service_code=code, **place, **answers[code])
        r = case.call_and_validate(checks=CHECKS)
        if case.method == "POST":
            print("DBG", case.meta.generation.mode, case.body, r.status_code, r.text[:300])
        return r.status_code

    fuzz(schema, subtests, send)
