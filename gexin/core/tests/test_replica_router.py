"""Read-heavy pages read from a replica; edits, POSTs and the rest from the primary.

The suite has no streaming replica: the alias `replica` is a test mirror of the
primary ("TEST": {"MIRROR": "default"}, as the settings give every replica), a second
connection to the same test database, so the tests can tell from the queries each
connection ran where a page read its data.
"""

import runpy
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.test import RequestFactory
from django.urls import reverse

import gexin.config
from gexin.config.routers import ReplicaRouter
from gexin.core import replicas
from gexin.org.models import Person, Unit

REPLICA = "replica"


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The alias `replica`, a mirror of the primary's test database."""
    primary = connections["default"].settings_dict
    connections.settings[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield REPLICA
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def with_replica(settings):
    settings.GEXIN_REPLICAS = [REPLICA]
    replicas._down_until.clear()
    return REPLICA


def get(path, **cookies):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.COOKIES.update(cookies)
    return request


def tables_read(statements):
    return " ".join(statements)


# The settings


def settings_with(monkeypatch, tmp_path, **variables):
    for name in list(__import__("os").environ):
        if name.startswith("GEXIN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GEXIN_DATA_DIR", str(tmp_path))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(gexin.config.__file__).with_name("settings.py")))


def test_one_replica_url_is_the_alias_replica_and_several_are_numbered(monkeypatch, tmp_path):
    primary = "postgres://gexin@db1:5432/gexin"
    one = settings_with(
        monkeypatch,
        tmp_path,
        GEXIN_DATABASE_URL=primary,
        GEXIN_REPLICA_URL="postgres://gexin@db2:5432/gexin",
    )
    assert one["GEXIN_REPLICAS"] == ["replica"]
    assert one["DATABASES"]["replica"]["HOST"] == "db2"
    assert one["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    several = settings_with(
        monkeypatch,
        tmp_path,
        GEXIN_DATABASE_URL=primary,
        GEXIN_REPLICA_URL="postgres://gexin@db2:5432/gexin, postgres://gexin@db3:5432/gexin",
    )
    assert several["GEXIN_REPLICAS"] == ["replica1", "replica2"]
    assert [several["DATABASES"][alias]["HOST"] for alias in ("replica1", "replica2")] == [
        "db2",
        "db3",
    ]
    assert settings_with(monkeypatch, tmp_path)["GEXIN_REPLICAS"] == []


def test_a_replica_needs_postgresql_on_both_sides(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="needs a PostgreSQL GEXIN_DATABASE_URL"):
        settings_with(monkeypatch, tmp_path, GEXIN_REPLICA_URL="postgres://gexin@db2:5432/gexin")
    with pytest.raises(ImproperlyConfigured, match="must list postgres:// URLs, not 'sqlite'"):
        settings_with(
            monkeypatch,
            tmp_path,
            GEXIN_DATABASE_URL="postgres://gexin@db1:5432/gexin",
            GEXIN_REPLICA_URL="sqlite:///copy.sqlite3",
        )


# The router


def test_reads_in_a_replica_block_go_to_the_replica_and_writes_to_the_primary(
    with_replica, monkeypatch
):
    monkeypatch.setattr(replicas, "choose", lambda: REPLICA)
    assert Unit.objects.all().db == "default"
    with replicas.replica_reads(get("/national/board/")) as alias:
        assert alias == REPLICA
        assert Unit.objects.all().db == REPLICA
        assert router.db_for_write(Unit) == "default"
        # Once the block wrote, it reads what it wrote: from the primary.
        assert Person.objects.all().db == "default"
    assert Unit.objects.all().db == "default"


def test_only_get_and_head_read_from_a_replica_and_not_right_after_a_change(
    with_replica, monkeypatch
):
    monkeypatch.setattr(replicas, "choose", lambda: REPLICA)
    post = RequestFactory().post("/national/board/")
    post.user = AnonymousUser()
    with replicas.replica_reads(post) as alias:
        assert alias == "default" and Unit.objects.all().db == "default"
    pinned = get("/", **{replicas.PIN_COOKIE: str(int(time.time()) + 5)})
    with replicas.replica_reads(pinned) as alias:
        assert alias == "default"
    expired = get("/", **{replicas.PIN_COOKIE: str(int(time.time()) - 1)})
    with replicas.replica_reads(expired) as alias:
        assert alias == REPLICA


def test_without_replicas_every_block_reads_from_the_primary(settings):
    settings.GEXIN_REPLICAS = []
    with replicas.replica_reads(get("/")) as alias:
        assert alias == "default" and Unit.objects.all().db == "default"


def test_replicas_are_never_migrated_and_their_objects_relate_to_the_primarys(with_replica):
    chosen = ReplicaRouter()
    assert chosen.allow_migrate(REPLICA, "plans") is False
    assert chosen.allow_migrate("default", "plans") is None
    on_replica, on_primary = Unit(), Unit()
    on_replica._state.db, on_primary._state.db = REPLICA, "default"
    assert chosen.allow_relation(on_replica, on_primary) is True
    # An object read from the replica earlier reads its relations from the primary.
    assert chosen.db_for_read(Unit, instance=on_replica) == "default"


def test_a_replica_that_does_not_answer_is_left_for_the_primary(
    settings, django_db_blocker, caplog
):
    primary = connections["default"].settings_dict
    if connections["default"].vendor == "postgresql":
        broken = {**primary, "PORT": "1", "OPTIONS": {"connect_timeout": 1}}
    else:
        broken = {**primary, "NAME": "/nonexistent/folder/replica.sqlite3"}
    connections.settings["replica-down"] = {**broken, "TEST": {"MIRROR": "default"}}
    settings.GEXIN_REPLICAS = ["replica-down"]
    replicas._down_until.clear()
    try:
        with django_db_blocker.unblock():
            with replicas.replica_reads(get("/")) as alias:
                assert alias == "default"
            assert "replica replica-down does not answer" in caplog.text
            # Asked again at once, it is not tried again.
            caplog.clear()
            with replicas.replica_reads(get("/")) as alias:
                assert alias == "default"
            assert "does not answer" not in caplog.text
    finally:
        connections["replica-down"].close()
        del connections["replica-down"]
        del connections.settings["replica-down"]
        replicas._down_until.clear()


# Pages


def unit_pages(world):
    """Marked pages: the unit page and its panels, and the experience search."""
    plant = world.units["plant-a"]
    return [
        reverse("org:unit_detail", args=[plant.pk]),
        reverse("plans:unit_fulfilment_panel", args=[plant.pk]),
        reverse("meetings:unit_panel", args=[plant.pk]),
        reverse("exchange:search") + "?q=turning",
    ]


def is_account_query(sql):
    """The signed-in user, their session, or their person and roles (org.backends)."""
    return any(mark in sql for mark in ('FROM "core_user"', "core_session", 'p."user_id"'))


class Statements(list):
    """The SQL a connection ran (without connecting it: a test that does not allow
    the replica fails at once if anything tries to read there)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def queries_of(client, method, path, **kwargs):
    primary, replica = Statements(), Statements()
    with (
        connections["default"].execute_wrapper(primary),
        connections[REPLICA].execute_wrapper(replica),
    ):
        response = getattr(client, method)(path, **kwargs)
    return response, primary, replica


# The replica must see the world the test wrote, so these rows are committed.
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_dashboards_read_their_data_from_the_replica(world, client_for, with_replica):
    client = client_for("manager_a")
    read = {}
    for path in unit_pages(world):
        response, primary, replica = queries_of(client, "get", path)
        assert response.status_code == 200, path
        # Only the account, its session and its roles come from the primary ...
        assert [sql for sql in primary if not is_account_query(sql)] == [], path
        # ... the page's data from the replica, with the data version it is cached under.
        assert len(replica) >= 3, path
        read[path] = tables_read(replica)
    unit_page, fulfilment, meetings, search = unit_pages(world)
    assert "core_dataversion" in read[unit_page] and "org_person" in read[unit_page]
    assert "plans_dailytotal" in read[fulfilment]  # the raw SQL of plans.fulfilment too
    assert "meetings_meeting" in read[meetings]
    assert "exchange_searchterm" in read[search]


# In the tests below a read on the replica would fail: it is not among their databases.


@pytest.mark.django_db
def test_edit_pages_and_posts_read_from_the_primary(world, client_for, with_replica):
    unit = world.units["plant-a"]
    admin = client_for("admin_a")
    response, primary, replica = queries_of(admin, "get", reverse("org:unit_edit", args=[unit.pk]))
    assert response.status_code == 200
    assert primary and replica == []
    # A POST to a marked page does not go there either.
    page = reverse("org:unit_detail", args=[unit.pk])
    response, primary, replica = queries_of(admin, "post", page)
    assert response.status_code == 405 and replica == []


@pytest.mark.django_db
def test_after_a_change_the_browser_reads_from_the_primary_for_a_while(
    world, client_for, with_replica, settings
):
    settings.GEXIN_REPLICA_PIN_SECONDS = 7
    client = client_for("manager_a")
    response, _primary, replica = queries_of(client, "post", reverse("notification_read_all"))
    assert response.status_code == 302 and replica == []
    pin = response.cookies[replicas.PIN_COOKIE]
    assert pin["max-age"] == 7 and pin["httponly"]
    assert int(time.time()) < int(pin.value) <= int(time.time()) + 7
    response, primary, replica = queries_of(client, "get", unit_pages(world)[0])
    assert response.status_code == 200
    assert replica == [] and "core_dataversion" in tables_read(primary)


@pytest.mark.django_db
def test_without_a_replica_dashboards_read_from_the_primary(world, client_for, settings):
    settings.GEXIN_REPLICAS = []
    client = client_for("manager_a")
    response, primary, replica = queries_of(client, "get", unit_pages(world)[0])
    assert response.status_code == 200
    assert replica == [] and "org_person" in tables_read(primary)
    response, _primary, _replica = queries_of(client, "post", reverse("notification_read_all"))
    assert replicas.PIN_COOKIE not in response.cookies
