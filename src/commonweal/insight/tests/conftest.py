"""Fixtures for the insight tests: WeasyPrint, which the board pack's PDF needs."""

import os

import pytest

from commonweal.insight import board_pack


@pytest.fixture
def weasyprint_ready() -> None:
    """Skip a test that makes a PDF when WeasyPrint cannot load Pango (fail in CI)."""
    try:
        board_pack.weasyprint_html()
    except board_pack.PdfUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"WeasyPrint cannot run: {error}. The board pack must be tested in CI")
        pytest.skip(
            f"WeasyPrint cannot run ({error}): board pack PDF tests skipped "
            "(apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
        )
