"""Where uploads go: a local folder by default, S3-compatible object storage when
PORTAL_S3_BUCKET is set (several servers share it)."""

import json
import os
import subprocess
import sys

from django.conf import settings


def storages_with(environment):
    """STORAGES as portal/settings.py builds them from this environment (a fresh process)."""
    code = "import json, portal.settings as s; print(json.dumps(s.STORAGES['default']))"
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only", **environment}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_uploads_stay_in_the_local_folder_by_default():
    storage = storages_with({"PORTAL_S3_BUCKET": ""})
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_puts_uploads_on_object_storage():
    storage = storages_with(
        {"PORTAL_S3_BUCKET": "drehscheibe", "PORTAL_S3_ENDPOINT_URL": "https://s3.example.ch"}
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "drehscheibe"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.ch"
    assert storage["OPTIONS"]["file_overwrite"] is False


def test_the_object_storage_backend_loads_with_those_options(settings):
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "drehscheibe", "endpoint_url": "https://s3.example.ch"},
        },
    }
    storage = storages["default"]
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == "drehscheibe"
