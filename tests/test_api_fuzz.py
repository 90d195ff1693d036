"""The whole API fuzzed from its OpenAPI document: no 5xx, every answer as documented."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from staff.models import Role
from tests.conftest import api_token

#: No 5xx, and status, content type, body and headers as the document says. Not checked:
#: whether every schema-valid body is accepted — the API rightly refuses some (a NUL in a name,
#: an event that does not exist, rules the schema cannot express).
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def test_every_operation_answers_as_documented(app, make_event, make_staff):
    make_event()
    headers = api_token(app.test_client(), make_staff(Role.ADMIN))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        @given(case=operation.as_strategy())
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            fuzz()
        except Exception as error:
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)
