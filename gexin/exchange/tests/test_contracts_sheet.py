"""The evaluation sheet saved by two people: the conference is locked while its verdicts
are saved, and a sheet opened before someone else's save is refused with a message to
reload, on the page (409) and through the API (409), instead of overwriting it."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gexin.exchange import contracts
from gexin.exchange.choices import Verdict
from gexin.exchange.models import ItemEvaluation
from gexin.exchange.tests.factories_contracts import examples
from gexin.exchange.tests.test_contracts_pages import sheet_data

pytestmark = pytest.mark.django_db

RELOAD = "Someone else saved verdicts on this sheet after you opened it."


def test_a_sheet_opened_before_someone_else_s_save_is_refused(world, client_for):
    found = examples(world)
    conference, item, owed_by_c = found["conference"], found["item"], found["owed_by_c"]
    url = reverse("exchange:conference_evaluate", args=[conference.pk])
    first, second = client_for("manager_a"), client_for("admin")
    opened = first.get(url)
    version = opened.context["version"]
    assert f'name="version" value="{version}"' in opened.content.decode()
    # The other saves first, from a sheet opened at the same version.
    data = sheet_data(conference, {item.pk: (Verdict.FULFILLED, "Both crews trained")})
    data["version"] = second.get(url).context["version"]
    assert second.post(url, data).status_code == 302
    data = sheet_data(conference, {owed_by_c.pk: (Verdict.NOT_FULFILLED, "")})
    data["version"] = version
    response = first.post(url, data)
    assert response.status_code == 409
    assert RELOAD in response.content.decode()
    assert dict(conference.evaluations.values_list("item_id", "verdict")) == {
        item.pk: Verdict.FULFILLED
    }
    # The sheet shown again holds the verdicts as they now are, at the new version.
    rows = {row.item.pk: row for row in response.context["rows"]}
    assert rows[item.pk].initial["verdict"] == Verdict.FULFILLED
    assert response.context["version"] != version
    data["version"] = response.context["version"]
    assert first.post(url, data).status_code == 302


def test_the_api_answers_409_to_a_save_over_someone_else_s(world, api_for):
    found = examples(world)
    conference = found["conference"]
    url = f"/api/v1/assistance-conferences/{conference.pk}/evaluate/"
    api = api_for("manager_a")
    version = api.get(url).json()["sheet_version"]
    assert version == contracts.sheet_version(conference.evaluations.all())
    saved = api.post(
        url,
        {"version": version, "evaluations": [{"item": found["item"].pk, "verdict": "fulfilled"}]},
        format="json",
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["sheet_version"] != version
    stale = api.post(
        url,
        {"version": version, "evaluations": [{"item": found["item"].pk, "verdict": "partly"}]},
        format="json",
    )
    assert stale.status_code == 409
    assert RELOAD in stale.json()["detail"]
    assert conference.evaluations.get(item=found["item"]).verdict == Verdict.FULFILLED
    # The bare list is still taken, without the check.
    bare = api.post(url, [{"item": found["item"].pk, "verdict": "partly"}], format="json")
    assert bare.status_code == 200
    assert conference.evaluations.get(item=found["item"]).verdict == Verdict.PARTLY


def test_the_conference_is_locked_before_its_verdicts_are_read(world):
    if not connection.features.has_select_for_update:
        pytest.skip("the database has no row locks")
    found = examples(world)
    with CaptureQueriesContext(connection) as captured:
        contracts.evaluate(found["conference"], [(found["item"], Verdict.FULFILLED, "")])
    sql = [query["sql"] for query in captured.captured_queries]
    locks = [i for i, text in enumerate(sql) if "FOR UPDATE" in text]
    assert locks
    assert 'FROM "exchange_conference"' in sql[locks[0]]
    reads = [i for i, text in enumerate(sql) if 'FROM "exchange_itemevaluation"' in text]
    assert locks[0] < reads[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_version", [False, True])
def test_two_first_saves_at_once_do_not_break_the_unique_rule(world, with_version):
    """Two people save the first verdicts of the sheet at the same moment: the second
    waits for the first to commit, then, carrying the version of the empty sheet it
    opened, is told to reload; without a version it changes the verdict just saved."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two connections to one database (PostgreSQL)")
    found = examples(world)
    conference = found["conference"]
    ItemEvaluation.objects.filter(conference=conference).delete()
    versions = {"version": contracts.sheet_version([])} if with_version else {}
    first_saved, outcome = threading.Event(), {}

    def second():
        try:
            first_saved.wait(5)
            contracts.evaluate(conference, [(found["item"], Verdict.PARTLY, "")], **versions)
            outcome["second"] = "saved"
        except contracts.SheetChanged:
            outcome["second"] = "changed"
        except Exception as error:  # e.g. the unique rule broken, without the lock
            outcome["second"] = repr(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        contracts.evaluate(conference, [(found["item"], Verdict.FULFILLED, "")], **versions)
        first_saved.set()
        time.sleep(0.5)  # the second now reaches the conference's lock and waits
    thread.join(10)
    if with_version:
        assert outcome == {"second": "changed"}
        assert conference.evaluations.get().verdict == Verdict.FULFILLED
    else:
        assert outcome == {"second": "saved"}
        assert conference.evaluations.get().verdict == Verdict.PARTLY
