"""Property-based API test: schemathesis generates requests from the OpenAPI spec and sends them to the app in
process; no request may get a server error (5xx), an undocumented status code or a body that breaks the documented
schema. Jobs are accepted but never run (no worker), so the run endpoints are exercised without simulating anything.

Not checked: that every schema-valid request is accepted (the scenario and eligibility checks go beyond what JSON
Schema can say: a route must exist, a date must lie inside the horizon) and the OPTIONS/Allow conventions."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, settings  # noqa: E402

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance  # noqa: E402

from relokant.web.app import create_app  # noqa: E402

_APP = create_app(Path(tempfile.mkdtemp(prefix="relokant-schemathesis-")) / "runs.duckdb", workers=0,
                  queue_limit=1000)
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_never_errors(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
