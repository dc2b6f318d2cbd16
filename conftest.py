"""Fixtures for the whole suite."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run inside one unless told that this is safe, which in a test thread it is.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, the throwaway test database need not wait for each commit to reach
    the disk: a crash loses only a test run. Flushes between browser and race tests are
    the commits that wait most."""
    from django.conf import settings

    for alias in settings.DATABASES.values():
        if alias["ENGINE"].endswith("postgresql"):
            options = alias.setdefault("OPTIONS", {})
            options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_scratch_folder(settings, tmp_path):
    """Uploaded files go to a folder of the test's own, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached fragments: its database restarts the data version."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """The fixed world of gexin.core.testing: two plants and their users."""
    from gexin.core.testing import build_world
    from gexin.plans.catalogue import install
    from gexin.plans.models import Metric

    # The standard metrics come from a migration; a transactional test before this one
    # (the browser tests) empties every table, so they are put back here.
    install(Metric)
    return build_world()


@pytest.fixture
def client_for(client, world):
    """client_for("manager_a") → a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(username):
        new_client = Client()
        if username is not None:
            new_client.force_login(world.users[username])
        return new_client

    return make


@pytest.fixture
def api_for(world):
    """api_for("manager_a") → a DRF APIClient authenticated by that user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(username):
        api = APIClient()
        if username is not None:
            token, _created = Token.objects.get_or_create(user=world.users[username])
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make
