"""Sign-in, sign-out, password change, throttling and API tokens."""

import pytest
from django.urls import reverse

from gexin.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

SAME_ANSWER = "do not match an active account"


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_signs_in_and_out(world, client):
    response = sign_in(client, "leader_a", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(world, client):
    unknown = sign_in(client, "nobody", "whatever-1")
    wrong = sign_in(client, "leader_a", "whatever-1")
    assert unknown.status_code == wrong.status_code == 200
    assert SAME_ANSWER in unknown.content.decode()
    assert SAME_ANSWER in wrong.content.decode()


def test_repeated_failures_lock_the_name_out_even_with_the_right_password(world, client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "leader_a", "wrong-password")
    locked = sign_in(client, "leader_a", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # An unknown name is locked out the same way, so the lock-out reveals nothing.
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "nobody", "wrong-password")
    assert sign_in(client, "nobody", PASSWORD).status_code == 429


def test_the_api_token_endpoint_is_throttled_too(world, client, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/api/v1/auth/token/",
            {"username": "leader_a", "password": "nope"},
            content_type="application/json",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "leader_a", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.content.decode()


def test_password_change(world, client):
    client.force_login(world.users["worker_a"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "lathe-and-chuck-1953",
            "new_password2": "lathe-and-chuck-1953",
        },
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    assert sign_in(client, "worker_a", "lathe-and-chuck-1953").status_code == 302


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_api_without_credentials_is_401_with_a_challenge(world, client):
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
