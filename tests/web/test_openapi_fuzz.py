"""Schemathesis against the app: every operation of the OpenAPI document, called with generated
parameters, answers with a status, headers and a body that the document declares (never a 500).

A bounded number of examples per operation keeps the test fast (a few seconds); the archive is the
shared one built through the real pipeline (conftest.py). Schemathesis's pytest plugin is not
used (it does not run under this pytest); the operations are driven through its Python API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from dateline.web import create_app

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

#: Not checked: "a schema-valid request is accepted". A cursor is any string to the schema but only
#: the `next` value of a listing is valid (400 otherwise), which JSON Schema cannot say. Every other
#: check runs: no 5xx, documented status codes, content types, headers and response bodies.

EXAMPLES = 20


def _check_operation(operation: Any) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    check()


def test_every_documented_operation_answers_as_documented(archive_path: Path) -> None:
    app = create_app(archive_path)
    try:
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 7  # articles, article, authors, sites, story, search, feeds
        for operation in operations:
            _check_operation(operation)
    finally:
        app.state.reader.close()
