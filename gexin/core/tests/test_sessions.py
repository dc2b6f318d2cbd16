"""Sessions expire, and disabling an account ends its sessions and API tokens at once."""

import datetime
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gexin.core.models import Session
from gexin.core.sessions import CACHE_PREFIX, SIGNED_IN_KEY, session_cache
from gexin.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

PAGE = "/people/"
API = "/api/v1/units/"


def sent_to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def last_saved(client, seconds_ago):
    """Make the client's session look last saved `seconds_ago` (by another app process)."""
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    expiry = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - seconds_ago)
    Session.objects.filter(session_key=key).update(expire_date=expiry)
    session_cache().delete(CACHE_PREFIX + key)
    return key


def test_a_session_knows_its_user_and_ends_with_the_browser(world, client):
    response = client.post(reverse("login"), {"username": "leader_a", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    assert Session.objects.get(session_key=cookie.value).user_id == world.users["leader_a"].pk


def test_a_sign_in_older_than_the_session_hours_is_sent_to_sign_in(world, client_for):
    client = client_for("worker_a")
    assert client.get(PAGE).status_code == 200
    session = client.session
    session[SIGNED_IN_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 60
    session.save()
    assert sent_to_sign_in(client.get(PAGE))
    assert client.get(API).status_code == 401
    assert not Session.objects.filter(user_id=world.users["worker_a"].pk).exists()


def test_an_idle_session_is_sent_to_sign_in(world, client_for):
    client = client_for("worker_a")
    last_saved(client, settings.GEXIN_SESSION_IDLE_MINUTES * 60 + 60)
    assert sent_to_sign_in(client.get(PAGE))


def test_a_session_past_its_expiry_date_is_not_used(world, client_for):
    client = client_for("worker_a")
    last_saved(client, settings.SESSION_COOKIE_AGE + 1)
    assert sent_to_sign_in(client.get(PAGE))


def test_an_active_session_is_saved_again_only_every_few_minutes(world, client_for):
    client = client_for("worker_a")
    key = last_saved(client, 60)
    before = Session.objects.get(session_key=key).expire_date
    assert client.get(PAGE).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == before  # no write
    last_saved(client, 10 * 60)
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE).status_code == 200  # read from this process's cache
    expiry = Session.objects.get(session_key=key).expire_date
    full = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((full - expiry).total_seconds()) < 60  # the idle time starts again


def signed_in_everywhere(client_for, api_for, username):
    client, api = client_for(username), api_for(username)
    assert client.get(PAGE).status_code == 200
    assert api.get(API).status_code == 200
    return client, api


def assert_signed_out_everywhere(world, username, client, api):
    user = world.user(username)
    assert not user.is_active
    assert sent_to_sign_in(client.get(PAGE))
    assert api.get(API).status_code == 401
    assert not Session.objects.filter(user_id=user.pk).exists()
    assert not Token.objects.filter(user=user).exists()


def test_deactivating_a_person_on_the_page_ends_their_sessions_and_token(
    world, client_for, api_for
):
    from gexin.org.tests.test_views import TestPersonPages

    client, api = signed_in_everywhere(client_for, api_for, "worker_a")
    other = client_for("leader_a")
    person = world.people["worker_a"]
    data = TestPersonPages().valid_edit(world, person)
    del data["is_active"]
    response = client_for("admin_a").post(reverse("org:person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    assert_signed_out_everywhere(world, "worker_a", client, api)
    assert other.get(PAGE).status_code == 200  # nobody else is signed out


def test_deactivating_a_person_through_the_api_ends_their_sessions_and_token(
    world, client_for, api_for
):
    client, api = signed_in_everywhere(client_for, api_for, "worker_a")
    person = world.people["worker_a"]
    response = api_for("admin_a").patch(
        f"/api/v1/people/{person.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert_signed_out_everywhere(world, "worker_a", client, api)


def test_disabling_the_account_itself_ends_its_sessions_and_token(world, client_for, api_for):
    client, api = signed_in_everywhere(client_for, api_for, "worker_a")
    user = world.user("worker_a")
    user.is_active = False
    user.save()
    assert_signed_out_everywhere(world, "worker_a", client, api)


def test_a_new_password_from_an_administrator_enables_the_account_and_drops_old_tokens(
    world, client_for, api_for
):
    client, api = signed_in_everywhere(client_for, api_for, "worker_a")
    user = world.user("worker_a")
    user.is_active = False
    user.save()
    old_token = api_for("worker_a")  # issued while disabled: the reset must drop it too
    admin = client_for("admin_a")
    url = reverse("org:person_account", args=[world.people["worker_a"].pk])
    assert "This account is disabled." in admin.get(url).content.decode()
    new_password = "lathe-and-chuck-1953"
    response = admin.post(url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert world.user("worker_a").is_active
    assert old_token.get(API).status_code == 401
    assert not Token.objects.filter(user=user).exists()
    assert sent_to_sign_in(client.get(PAGE))
    fresh = client_for(None)
    signed_in = fresh.post(reverse("login"), {"username": "worker_a", "password": new_password})
    assert signed_in.status_code == 302
    assert fresh.get(PAGE).status_code == 200


def test_a_session_is_read_from_the_database_at_most_once_a_minute(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("worker_a")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session_cache().delete(CACHE_PREFIX + key)
    with CaptureQueriesContext(connection) as first:
        client.get(PAGE)
    with CaptureQueriesContext(connection) as second:
        client.get(PAGE)
    table = Session._meta.db_table
    assert sum(table in query["sql"] for query in first.captured_queries) == 1
    assert sum(table in query["sql"] for query in second.captured_queries) == 0
    # Signing out deletes the row and this process's copy at once.
    client.post(reverse("logout"))
    assert session_cache().get(CACHE_PREFIX + key) is None
    assert not Session.objects.filter(session_key=key).exists()
