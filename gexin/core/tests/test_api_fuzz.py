"""Fuzzes every API operation against the OpenAPI schema, in-process (schemathesis).

Each operation is called with 100 generated requests (positive and negative data) as
the ministry's administrator and as plant A's manager. Half the requests name an object
of the route-walking test's world, so detail, change and workflow operations run on real
rows; the rest take whatever id schemathesis draws. No answer may be a server error, and
every answer's status code, content type, headers and body must be those the schema
declares (its error answers come from gexin.core.api_errors).

Every request runs in a savepoint that is rolled back, so each one meets the same world,
built once per module. A request identical to one already sent in the same test is not
sent again: its answer would be the same.

GEXIN_FUZZ_EXAMPLES sets the number of requests per operation and user (100).
"""

import json
import os
from functools import partial

import pytest
from django.db import transaction
from django.test import override_settings

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

USERS = ("admin", "manager_a")
EXAMPLES = int(os.environ.get("GEXIN_FUZZ_EXAMPLES", "100"))


def operations():
    """(method, path) of every API operation, found from the URL patterns."""
    from drf_spectacular.generators import EndpointEnumerator

    found = set()
    for path, _regex, method, _view in EndpointEnumerator().get_api_endpoints():
        if path.startswith("/api/v1/"):
            found.add((method, path.replace("{pk}", "{id}")))
    return sorted(found, key=lambda operation: (operation[1], operation[0]))


OPERATIONS = operations()


@pytest.fixture(scope="session")
def api_schema():
    """The schema as served at /api/schema/, loaded by schemathesis."""
    import schemathesis
    from drf_spectacular.generators import SchemaGenerator

    schema = schemathesis.openapi.from_dict(
        SchemaGenerator().get_schema(request=None, public=True)
    )
    # Every request carries the user's token: no made-up session cookie or token besides.
    schema.config.generation.update(with_security_parameters=False)
    return schema


def api_examples(world):
    """{API route name: an object of plant A}, from the route-walking test's examples."""
    from gexin.core.tests.test_route_coverage import ROUTE_EXAMPLES

    found, made = {}, {}
    for name, make in ROUTE_EXAMPLES.items():
        if ":" in name:
            continue
        if isinstance(make, partial) and make.func.__name__ == "_example":
            # One call per area: some areas make their objects afresh on every call.
            module, key = make.args
            if module not in made:
                made[module] = module.examples(world)
            found[name] = made[module][key]
        else:
            found[name] = make(world)
    return found


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The test world with an example of every object, made once and rolled back at the end."""
    from rest_framework.authtoken.models import Token

    from gexin.core.testing import build_world
    from gexin.plans.catalogue import install
    from gexin.plans.models import Metric

    # The suite's fast hasher is set per test; this fixture runs before it.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        install(Metric)
        world = build_world()
        world.examples = api_examples(world)
        world.tokens = {name: Token.objects.create(user=world.users[name]).key for name in USERS}
        yield world
        transaction.set_rollback(True)


def request_key(case):
    """What the request sends, as one hashable value."""

    def text(value):
        return json.dumps(value, sort_keys=True, default=repr)

    return (
        case.formatted_path,
        text(case.query),
        text(dict(case.headers or {})),
        text(case.cookies),
        case.media_type,
        text(case.body),
    )


def test_every_operation_of_the_schema_is_fuzzed(api_schema):
    declared = {
        (operation.method.upper(), operation.path)
        for result in api_schema.get_all_operations()
        if (operation := result.ok())
    }
    assert declared, "the schema has no operations"
    assert declared <= set(OPERATIONS), sorted(declared - set(OPERATIONS))


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("method,path", OPERATIONS, ids=lambda value: value)
def test_operation_keeps_to_the_schema(method, path, username, api_schema, fuzz_world):
    from django.urls import resolve
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import load_all_checks, not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from gexin.config.wsgi import application

    if method.lower() not in api_schema.raw_schema["paths"].get(path, {}):
        pytest.skip("left out of the schema on purpose (extend_schema(exclude=True))")
    load_all_checks()
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]
    operation = api_schema[path][method.lower()]
    headers = {"Authorization": f"Token {fuzz_world.tokens[username]}"}
    example = None
    if "{id}" in path:
        example = fuzz_world.examples.get(resolve(path.replace("{id}", "1")).url_name)
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if example is not None:
            strategies.append(
                operation.as_strategy(generation_mode=mode, path_parameters={"id": example.pk})
            )
    sent = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=st.one_of(strategies))
    def fuzz(case):
        key = request_key(case)
        if key in sent:
            return
        with transaction.atomic():
            response = case.call(app=application, headers=headers)
            transaction.set_rollback(True)
        case.validate_response(response, checks=checks)
        sent.add(key)

    fuzz()
