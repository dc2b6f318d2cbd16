"""The API schema is valid OpenAPI 3, produced without warnings, and served at /api/schema/."""

import pytest
import yaml
from django.core.management import call_command


def test_schema_generation_is_valid_and_warning_free(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/units/{id}/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_outside_assets(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs
