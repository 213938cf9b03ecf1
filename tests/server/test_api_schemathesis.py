"""Schemathesis against the app's own OpenAPI schema, in-process: no 5xx, no response that
breaks its documented schema or media type, signed in as an admin and signed out.

Every operation of every router (all the teams' routes, once merged) gets requests valid
for its schema and invalid ones, ``MAX_EXAMPLES`` in all, with no shrinking phase; past
``TIME_BUDGET`` the operations left get ``LATE_EXAMPLES`` each, so the test stays bounded
on a loaded machine. The schema is walked with schemathesis's own strategies inside one
test: its pytest plugin (``from_fixture``) does not run under pytest 9.
"""

from __future__ import annotations

import math
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from privacam.policy.loader import LoadedSpec
from privacam.server.access import Role
from privacam.server.app import create_app
from privacam.server.context import ServerContext
from privacam.store import Store
from tests.server.api_seed import seed
from tests.server.fakes import FixedAuthenticator, as_role

MAX_EXAMPLES = 20
LATE_EXAMPLES = 3
TIME_BUDGET = 90.0
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
#: A request the schema refuses must still get an answer under 500, whatever its schema.
NEGATIVE_CHECKS = [not_a_server_error]


@pytest.fixture
def api_schema(loaded: LoadedSpec, server_store: Store):
    """The schema of an app over a seeded store, on SQLite and on PostgreSQL (which refuses
    what SQLite takes: NUL characters, integers past 64 bits)."""
    seed(server_store)
    app = create_app(ServerContext(loaded=loaded, store=server_store), FixedAuthenticator())
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def exercise(operation, examples: int) -> None:
    """``examples`` generated requests to one operation, each as an admin and signed out."""
    strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
        GenerationMode.NEGATIVE
    )

    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case) -> None:
        checks = NEGATIVE_CHECKS if case.meta and case.meta.generation.mode.is_negative else CHECKS
        case.call_and_validate(headers=as_role(Role.ADMIN), checks=checks)
        case.call_and_validate(checks=checks)

    call()


def describe(error: BaseException) -> str:
    """The failure's message and those of the failures grouped in it (one per check)."""
    parts = [str(error)]
    for inner in getattr(error, "exceptions", ()):
        parts.append(describe(inner))
    return "\n".join(parts)


@pytest.mark.slow
def test_the_api_answers_every_generated_request_within_its_schema(api_schema) -> None:
    started = time.monotonic()
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert any(op.path.startswith("/api/v1/") for op in operations)
    for operation in operations:
        late = time.monotonic() - started > TIME_BUDGET
        try:
            exercise(operation, LATE_EXAMPLES if late else MAX_EXAMPLES)
        # One operation's failure must not hide the others'; schemathesis raises a group.
        except (Exception, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {describe(error)[:3000]}")
    assert failures == []


def test_the_harness_catches_a_route_that_fails_with_500() -> None:
    """The check above can fail: a route that breaks on some inputs is caught (in-process, the
    app's exception comes through rather than a bare 500)."""
    from fastapi import FastAPI

    app = FastAPI(openapi_url="/api/openapi.json")

    @app.get("/api/v1/fragile")
    def fragile(n: int = 0) -> dict[str, int]:
        return {"root": math.isqrt(n)}  # a negative n raises: a 500

    operation = next(
        r.ok()
        for r in schemathesis.openapi.from_asgi("/api/openapi.json", app).get_all_operations()
    )
    with pytest.raises((Exception, BaseExceptionGroup)) as caught:
        exercise(operation, MAX_EXAMPLES)
    assert "nonnegative" in describe(caught.value)


def test_the_harness_catches_a_response_that_breaks_its_schema() -> None:
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse
    from pydantic import BaseModel

    class Count(BaseModel):
        count: int

    app = FastAPI(openapi_url="/api/openapi.json")

    @app.get("/api/v1/miscounted", response_model=None, responses={200: {"model": Count}})
    def miscounted():
        return JSONResponse({"count": "many"})

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operation = next(r.ok() for r in schema.get_all_operations())
    with pytest.raises((Exception, BaseExceptionGroup)) as caught:
        exercise(operation, LATE_EXAMPLES)
    assert "violates schema" in describe(caught.value)
