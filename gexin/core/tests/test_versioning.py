"""Cached parts of pages never outlive a change of the data they show."""

import pytest
from django.urls import reverse

from gexin.core import versioning
from gexin.core.models import DataVersion

pytestmark = pytest.mark.django_db


def test_every_audited_change_moves_the_version(world):
    person = world.people["turner_a"]
    before = versioning.current()
    person.skill_grade = 7
    person.save()
    assert versioning.current() == before + 1
    person.delete()
    assert versioning.current() == before + 2


def test_a_saved_change_shows_at_once_on_cached_pages(world, client_for):
    client = client_for("manager_a")
    person = world.people["turner_a"]
    assert "Zhang Sen" not in client.get(reverse("org:person_list")).content.decode()
    assert "Zhang Sen" not in client.get(person.get_absolute_url()).content.decode()
    person.name_latin = "Zhang Sen"
    person.save()
    assert "Zhang Sen" in client.get(reverse("org:person_list")).content.decode()
    assert "Zhang Sen" in client.get(person.get_absolute_url()).content.decode()


def test_users_with_other_scopes_never_share_a_fragment(world, client_for):
    client_for("admin").get(reverse("org:person_list"))
    body = client_for("manager_a").get(reverse("org:person_list")).content.decode()
    assert "B-002" not in body  # the administrator's cached list holds plant B's people


def test_a_new_role_changes_what_is_shown_at_once(world, client_for):
    from gexin.org.choices import Role
    from gexin.org.models import RoleAssignment

    client = client_for("worker_b")
    assert "A-003" not in client.get(reverse("org:person_list")).content.decode()
    RoleAssignment.objects.create(
        person=world.people["worker_b"], unit=world.units["plant-a"], role=Role.MANAGER
    )
    assert "A-003" in client.get(reverse("org:person_list")).content.decode()


def test_the_version_row_comes_back_after_a_flush(world):
    DataVersion.objects.all().delete()
    versioning.bump()
    assert versioning.current() == 1


def test_api_lists_show_a_change_at_once(world, api_for):
    api = api_for("manager_a")
    unit = world.units["plant-a-turning"]
    names = {row["code"]: row["name"] for row in api.get("/api/v1/units/").json()["results"]}
    assert names["plant-a-turning"] == "Turning group A"
    api.patch(f"/api/v1/units/{unit.pk}/", {"name": "Turning union group"}, format="json")
    names = {row["code"]: row["name"] for row in api.get("/api/v1/units/").json()["results"]}
    assert names["plant-a-turning"] == "Turning union group"


def test_pages_are_drawn_afresh_when_the_cache_is_off(world, client_for, settings):
    from django.core.cache import cache

    settings.GEXIN_FRAGMENT_CACHE = False
    client_for("manager_a").get(reverse("org:person_list"))
    client_for("manager_a").get("/api/v1/units/")
    kept = [key for key in cache._cache if "gexin:fragment" in key]
    assert kept == []  # sessions are cached, fragments are not


def test_fragments_are_kept_when_the_cache_is_on(world, client_for):
    from django.core.cache import cache

    client_for("manager_a").get(reverse("org:person_list"))
    assert [key for key in cache._cache if "gexin:fragment" in key]


def test_a_cached_form_carries_each_browsers_own_csrf_token(world, settings):
    """Two people with the same scope share a fragment, never each other's CSRF token."""
    from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token
    from django.template import engines
    from django.test import RequestFactory

    settings.GEXIN_FRAGMENT_CACHE = True
    template = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')

    def page_for(secret):
        request = RequestFactory().get("/")
        request.user = world.user("worker_a")
        request.META["CSRF_COOKIE"] = secret
        CsrfViewMiddleware(lambda r: None).process_request(request)
        request.META["CSRF_COOKIE"] = secret
        html = versioning.cached_fragment(
            request, "test:csrf", (1,), lambda: template.render({}, request)
        )
        return html.split('value="')[1].split('"')[0]

    first, second = "a" * 32, "b" * 32
    assert _unmask_cipher_token(page_for(first)) == first
    assert _unmask_cipher_token(page_for(second)) == second
