"""The committed OpenAPI document (docs/openapi/v1.yaml) matches what the code generates."""

import difflib
from pathlib import Path

from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema

COMMITTED = Path(__file__).resolve().parents[4] / "docs" / "openapi" / "v1.yaml"
FIX = "run: make openapi  (commonweal spectacular --file docs/openapi/v1.yaml --validate)"


def generated() -> bytes:
    """What `commonweal spectacular` writes: the same generator, settings and renderer."""
    generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    return OpenApiYamlRenderer().render(schema, renderer_context={})


def test_the_committed_openapi_document_is_up_to_date():
    assert COMMITTED.exists(), f"{COMMITTED} is missing; {FIX}"
    fresh, committed = generated(), COMMITTED.read_bytes()
    if fresh != committed:
        diff = difflib.unified_diff(
            committed.decode().splitlines(),
            fresh.decode().splitlines(),
            "docs/openapi/v1.yaml (committed)",
            "generated from the code",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:60])
        raise AssertionError(f"The OpenAPI document is out of date with the code; {FIX}\n{shown}")
