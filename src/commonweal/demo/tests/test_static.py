"""Static files collect under the production storage (hashed, compressed) as `make run` does."""

import json

from django.core.management import call_command


def test_collectstatic_with_the_manifest_storage_finds_every_reference(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for needed in (
        "commonweal/commonweal.css",
        "commonweal/init.js",
        "govuk/govuk-frontend.min.js",
        "leaflet/leaflet.js",
        "portal/map.js",
    ):
        assert needed in paths
        assert (tmp_path / paths[needed]).exists()
