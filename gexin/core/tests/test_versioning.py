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


def drawn_by(world, compute, name="test:reads"):
    """cached_value as a new request of worker_a sees it; True when `compute` ran."""
    from django.test import RequestFactory

    ran = []
    request = RequestFactory().get("/")
    request.user = world.user("worker_a")

    def counted():
        ran.append(True)
        return compute()

    versioning.cached_value(request, name, (), counted)
    return bool(ran)


def new_record(day="1959-03-02"):
    from gexin.plans.tests.factories import put

    put([("plant-a-turning", day, "1", "pieces_produced", "", "100")])


def test_a_record_leaves_what_does_not_read_records_cached(world):
    from gexin.org.models import Unit

    def units():
        return list(Unit.objects.values_list("code", flat=True))

    assert drawn_by(world, units)
    new_record()
    assert not drawn_by(world, units)
    unit = world.units["plant-a"]  # an audited change of anything else: everything again
    unit.name = "Plant A (renamed)"
    unit.save()
    assert drawn_by(world, units)


def test_a_record_refreshes_what_reads_records_or_their_totals(world):
    from gexin.plans.models import DailyTotal, Record

    def figures():
        return Record.objects.count(), list(DailyTotal.objects.values_list("value_milli"))

    assert drawn_by(world, figures)
    assert not drawn_by(world, figures)
    new_record()
    assert drawn_by(world, figures)


def test_what_reads_a_table_whose_writes_are_not_counted_depends_on_everything(world):
    from gexin.core.models import Notification

    def unread():
        return Notification.objects.filter(read_at__isnull=True).count()

    assert drawn_by(world, unread)
    assert not drawn_by(world, unread)
    new_record()  # counted for records only, still a change
    assert drawn_by(world, unread)


def test_a_raw_query_of_an_unknown_table_depends_on_everything(world):
    from django.db import connection

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("WITH numbers AS (SELECT 1 AS n) SELECT n FROM numbers")
            return cursor.fetchall()

    assert drawn_by(world, raw)
    new_record()
    assert drawn_by(world, raw)


def test_a_deletion_refreshes_everything(world):
    from gexin.plans.models import Record

    new_record()
    counted = lambda: Record.objects.count()  # noqa: E731
    assert drawn_by(world, counted)
    world.people["turner_a"].delete()
    assert drawn_by(world, counted)


def test_a_new_minutes_entry_shows_at_once_on_the_meeting_page(world, client_for, api_for):
    import datetime

    from django.utils import timezone

    from gexin.meetings.models import Meeting

    meeting = Meeting.objects.create(
        unit=world.units["plant-a-turning"],
        scheduled_at=timezone.make_aware(datetime.datetime(1959, 3, 2, 8)),
        title="Daily production meeting",
    )
    client = client_for("leader_a")
    unit_page = client.get(world.units["plant-a-turning"].get_absolute_url())
    assert unit_page.status_code == 200
    assert (
        "Roll change in eleven minutes"
        not in client.get(meeting.get_absolute_url()).content.decode()
    )
    listed = api_for("leader_a").get(f"/api/v1/minute-entries/?meeting={meeting.pk}").json()
    assert listed["results"] == []
    answer = api_for("leader_a").post(
        "/api/v1/minute-entries/",
        {"meeting": meeting.pk, "kind": "decision", "text": "Roll change in eleven minutes"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert (
        "Roll change in eleven minutes" in client.get(meeting.get_absolute_url()).content.decode()
    )
    listed = api_for("leader_a").get(f"/api/v1/minute-entries/?meeting={meeting.pk}").json()
    assert [row["text"] for row in listed["results"]] == ["Roll change in eleven minutes"]


def test_a_fragment_holding_a_cached_one_depends_on_what_that_one_read(world):
    from django.test import RequestFactory

    from gexin.org.models import Unit
    from gexin.plans.models import Record

    def fresh_request():
        request = RequestFactory().get("/")
        request.user = world.user("worker_a")
        return request

    def inner(request):
        return versioning.cached_value(request, "test:inner", (), Record.objects.count)

    def outer():
        request = fresh_request()
        return versioning.cached_value(
            request, "test:outer", (), lambda: (Unit.objects.count(), inner(request))
        )

    inner(fresh_request())  # cached on its own first: inside the outer one it is a hit
    assert outer()[1] == 0
    new_record()
    assert outer()[1] == 1
