"""Failed and refused sign-ins, denied requests and disabled accounts are logged."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from gexin.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def events(caplog):
    """events() → the security events logged so far, as dicts."""
    caplog.set_level(logging.INFO, logger="gexin.security")

    def read():
        found = []
        for record in caplog.records:
            if record.name == "gexin.security":
                line = record.getMessage()
                assert "\n" not in line
                assert json.loads(line) == record.security_event
                found.append(record.security_event)
        return found

    return read


def only(found, kind):
    matching = [event for event in found if event["event"] == kind]
    assert len(matching) == 1, found
    return matching[0]


def test_a_failed_sign_in_is_logged_without_the_password(world, client, events, caplog):
    client.post(reverse("login"), {"username": "leader_a", "password": "Wrong-guess-1953"})
    event = only(events(), "sign_in_failed")
    assert event == {
        "event": "sign_in_failed",
        "user": "leader_a",
        "ip": "127.0.0.1",
        "method": "POST",
        "path": "/accounts/login/",
        "reason": "wrong user name or password",
    }
    assert "Wrong-guess-1953" not in caplog.text


def test_a_failed_token_request_is_logged_and_so_is_the_lock_out(
    world, client, events, settings, caplog
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            TOKEN_URL,
            {"username": "worker_a", "password": "Wrong-guess-1953"},
            content_type="application/json",
        )
    failed = [event for event in events() if event["event"] == "sign_in_failed"]
    assert len(failed) == settings.AXES_FAILURE_LIMIT
    assert {event["path"] for event in failed} == {TOKEN_URL}
    assert failed[-1]["reason"] == "locked out"
    locked = only(events(), "locked_out")
    assert (locked["user"], locked["ip"]) == ("worker_a", "127.0.0.1")
    assert "Wrong-guess-1953" not in caplog.text


def test_signing_in_and_out_is_logged(world, client, events):
    client.post(reverse("login"), {"username": "leader_a", "password": PASSWORD})
    client.post(reverse("logout"))
    found = events()
    assert only(found, "signed_in")["user"] == "leader_a"
    assert only(found, "signed_out")["user"] == "leader_a"


def test_a_page_refused_with_403_is_logged(world, client_for, events):
    assert client_for("stranger").get("/people/").status_code == 403
    event = only(events(), "denied")
    assert (event["user"], event["method"], event["path"]) == ("stranger", "GET", "/people/")
    assert event["reason"] == "permission_denied"


def test_an_api_request_refused_with_403_is_logged(world, api_for, events):
    response = api_for("worker_a").delete(f"/api/v1/units/{world.units['plant-a-turning'].pk}/")
    assert response.status_code == 403
    event = only(events(), "denied")
    assert (event["user"], event["method"]) == ("worker_a", "DELETE")
    assert event["reason"] == "permission_denied"


def test_a_failed_csrf_check_is_logged_with_its_reason(world, events):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["leader_a"])
    refused = browser.post(reverse("logout"))
    assert refused.status_code == 403
    assert "Form not sent" in refused.content.decode()
    assert only(events(), "denied")["reason"].startswith("CSRF: ")
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.users["leader_a"])
    assert api.post("/api/v1/units/", {}, format="json").status_code == 403
    assert events()[-1]["reason"].startswith("CSRF Failed")


def test_a_bad_token_is_logged_without_the_token(world, events, caplog):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert api.get("/api/v1/units/").status_code == 401
    event = only(events(), "token_refused")
    assert event["user"] is None and event["reason"] == "authentication_failed"
    assert "0123456789abcdef" not in caplog.text
    # Without credentials a 401 is the usual challenge, not an event.
    assert APIClient().get("/api/v1/units/").status_code == 401
    assert len([event for event in events() if event["event"] == "token_refused"]) == 1


def test_disabling_an_account_is_logged_with_what_it_ended(world, client_for, api_for, events):
    client_for("worker_a").get("/people/")
    api_for("worker_a")
    person = world.people["worker_a"]
    response = api_for("admin_a").patch(
        f"/api/v1/people/{person.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    event = only(events(), "account_disabled")
    assert event["account"] == "worker_a"
    assert event["user"] == "admin_a"  # who did it
    assert event["path"] == f"/api/v1/people/{person.pk}/"
    assert (event["sessions"], event["tokens"]) == (1, 1)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(world, events, settings):
    settings.GEXIN_BEHIND_PROXY = True
    Client().post(
        reverse("login"),
        {"username": "nobody", "password": "x"},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4",
    )
    assert only(events(), "sign_in_failed")["ip"] == "198.51.100.4"
