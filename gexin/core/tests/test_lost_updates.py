"""No lost updates: an edit based on an outdated copy of a plan, a pledge, minutes or an
evaluation is refused, on the pages (the input kept) and in the API (412 on a stale
If-Match), and of many edits sent at once from the same version exactly one is saved.
"""

import datetime
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.urls import reverse

from gexin.competitions import scoring
from gexin.competitions.choices import Scoring
from gexin.competitions.models import Participant, Score
from gexin.competitions.tests.factories_evaluations import add_criterion, make_competition
from gexin.core.choices import ChangeKind
from gexin.core.models import ChangeRecord
from gexin.meetings.choices import MeetingStatus
from gexin.meetings.models import AgendaItem, Meeting, MinuteEntry
from gexin.meetings.tests.factories import make_meeting
from gexin.plans import services
from gexin.plans.models import Plan, PlanTarget, Pledge
from gexin.plans.tests.factories import make_plan, put

MARCH = datetime.date(1959, 3, 1)


def build(world):
    """A plan with a pledge, a held meeting with an entry, and a computed evaluation."""
    turning = world.units["plant-a-turning"]
    plan = make_plan(turning, "month", MARCH, {"pieces_produced": 3000})
    pledge = Pledge.objects.create(plan=plan, person=world.people["turner_a"], notes="")
    meeting = make_meeting(
        turning, datetime.date.today() - datetime.timedelta(days=1), chair=world.people["leader_a"]
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    entry = MinuteEntry.objects.create(meeting=meeting, kind="decision", text="Quota 96%")
    competition = make_competition(world.units["plant-a"])
    add_criterion(competition, "pieces_produced", 1, Scoring.RANK)
    Participant.objects.create(competition=competition, unit=turning)
    put([("plant-a-turning", "1959-03-05", "1", "pieces_produced", "", "100")])
    evaluation = scoring.evaluate(competition, datetime.date(1959, 3, 15))
    return {
        "plan": plan,
        "pledge": pledge,
        "meeting": Meeting.objects.get(pk=meeting.pk),
        "entry": entry,
        "evaluation": evaluation,
        "score": evaluation.scores.get(),
    }


@pytest.fixture
def things(world):
    return build(world)


@dataclass
class Case:
    """How one kind of record is edited: its page, its endpoint, its editor, a text field."""

    key: str
    page: str
    endpoint: str
    editor: str
    field: str

    def form_data(self, obj):
        data = {
            "plan": {"unit_ref": "plant-a-turning", "period_kind": "month", "start": "1959-03-01"},
            "pledge": {"person_ref": "A-003", "metric_pieces_produced": "300"},
            "entry": {"kind": "decision"},
            "evaluation": {},
        }[self.key]
        if self.key == "pledge":
            data["person_ref"] = obj.person.employee_number
        return data

    def __str__(self):
        return self.key


CASES = [
    Case("plan", "plans:plan_edit", "plans", "manager_a", "title"),
    Case("pledge", "plans:pledge_edit", "pledges", "leader_a", "notes"),
    Case("entry", "meetings:minuteentry_edit", "minute-entries", "leader_a", "text"),
    Case("evaluation", "competitions:evaluation_edit", "evaluations", "manager_a", "note"),
]


def stored(obj, field):
    return getattr(type(obj).objects.get(pk=obj.pk), field)


def someone_else_sets(obj, field, value):
    other = type(obj).objects.get(pk=obj.pk)
    setattr(other, field, value)
    other.save()


def changes_of(obj):
    return ChangeRecord.for_object(obj).count()


# The pages.


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_page_refuses_an_edit_of_a_record_changed_since_and_keeps_the_input(
    case, things, client_for
):
    obj = things[case.key]
    client = client_for(case.editor)
    url = reverse(case.page, args=[obj.pk])
    version = client.get(url).context["meta_form"]["version"].value()
    someone_else_sets(obj, case.field, "Theirs")
    before = changes_of(obj)
    data = {**case.form_data(obj), case.field: "Mine", "version": version}
    refused = client.post(url, data)
    assert refused.status_code == 400
    errors = " ".join(refused.context["form"].non_field_errors())
    assert "Someone else changed this record" in errors
    assert refused.context["form"][case.field].value() == "Mine"
    assert stored(obj, case.field) == "Theirs"
    assert changes_of(obj) == before
    # The refused page carries the current version: saving it again is deliberate.
    renewed = refused.context["meta_form"]["version"].value()
    assert renewed != version
    saved = client.post(url, {**data, "version": renewed})
    assert saved.status_code == 302
    assert stored(obj, case.field) == "Mine"
    assert changes_of(obj) == before + 1


@pytest.mark.django_db
def test_an_empty_version_is_refused_and_a_fresh_one_saves(things, client_for):
    plan = things["plan"]
    url = reverse("plans:plan_edit", args=[plan.pk])
    client = client_for("manager_a")
    data = {**CASES[0].form_data(plan), "title": "Mine"}
    assert client.post(url, {**data, "version": ""}).status_code == 400
    assert stored(plan, "title") == ""
    version = client.get(url).context["meta_form"]["version"].value()
    assert client.post(url, {**data, "version": version}).status_code == 302
    assert stored(plan, "title") == "Mine"


@pytest.mark.django_db
def test_the_targets_page_refuses_figures_changed_since_and_keeps_the_typed_ones(
    things, client_for
):
    plan = things["plan"]
    url = reverse("plans:plan_targets", args=[plan.pk])
    client = client_for("manager_a")
    token = client.get(url).context["token"]
    services.set_targets(Plan.objects.get(pk=plan.pk), {things_metric(): Decimal("3100")})
    refused = client.post(url, {"token": token, "metric_pieces_produced": "3500"})
    assert refused.status_code == 409
    assert refused.context["form"]["metric_pieces_produced"].value() == "3500"
    assert "3,100" in refused.content.decode()  # the stored figure is shown beside
    assert PlanTarget.objects.get(plan=plan).value == Decimal("3100")
    saved = client.post(url, {"token": refused.context["token"], "metric_pieces_produced": "3500"})
    assert saved.status_code == 302
    assert PlanTarget.objects.get(plan=plan).value == Decimal("3500")


@pytest.mark.django_db
def test_the_breakdown_page_refuses_plans_below_changed_since(things, world, client_for):
    machine = world.units["plant-a-machine"]
    parent = make_plan(machine, "month", MARCH, {"pieces_produced": 5000})
    url = reverse("plans:plan_breakdown", args=[parent.pk])
    client = client_for("manager_a")
    token = client.get(url).context["token"]
    below = things["plan"]  # plant-a-turning's plan of the same month
    services.set_targets(Plan.objects.get(pk=below.pk), {things_metric(): Decimal("3100")})
    cell = f"u{below.unit_id}_pieces_produced"
    refused = client.post(url, {"token": token, cell: "2500"})
    assert refused.status_code == 409
    assert refused.context["form"][cell].value() == "2500"
    assert PlanTarget.objects.get(plan=below).value == Decimal("3100")
    saved = client.post(url, {"token": refused.context["token"], cell: "2500"})
    assert saved.status_code == 302
    assert PlanTarget.objects.get(plan=below).value == Decimal("2500")


def things_metric():
    from gexin.plans.models import Metric

    return Metric.objects.get(code="pieces_produced")


@pytest.mark.django_db
def test_the_minutes_page_refuses_minutes_changed_since_and_keeps_the_typed_ones(
    things, client_for
):
    meeting = things["meeting"]
    item = meeting.agenda_items.get()
    url = reverse("meetings:meeting_minutes", args=[meeting.pk])
    client = client_for("leader_a")
    page = client.get(url)
    data = {**minutes_data(page), "summary": "My summary", f"outcome-{item.pk}": "My outcome"}
    other = AgendaItem.objects.get(pk=item.pk)
    other.outcome = "Their outcome"
    other.save()
    refused = client.post(url, data)
    assert refused.status_code == 409
    body = refused.content.decode()
    assert "Someone else changed these minutes" in body
    assert "My summary" in body and "My outcome" in body
    assert AgendaItem.objects.get(pk=item.pk).outcome == "Their outcome"
    assert Meeting.objects.get(pk=meeting.pk).summary == ""
    saved = client.post(url, {**data, "version": refused.context["version"]})
    assert saved.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).outcome == "My outcome"
    assert Meeting.objects.get(pk=meeting.pk).summary == "My summary"


def minutes_data(page):
    """What the minutes page posts as it was opened: its version, the attendance."""
    formset = page.context["attendance"]
    data = {
        "version": page.context["version"],
        "entry-kind": "decision",
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(len(formset.forms)),
    }
    for form in formset.forms:
        for field in form:
            data[field.html_name] = field.value() or ""
    return data


@pytest.mark.django_db
def test_an_adjustment_of_a_score_changed_since_is_refused(things, client_for, world):
    score = things["score"]
    url = reverse("competitions:score_adjust", args=[score.pk])
    client = client_for("manager_a")
    version = client.get(url).context["form"]["version"].value()
    scoring.adjust(Score.objects.get(pk=score.pk), Decimal("70"), "Recount of the 5th")
    data = {"value": "90", "reason": "Booked to the wrong group", "version": version}
    refused = client.post(url, data)
    assert refused.status_code == 409
    assert refused.context["form"]["value"].value() == "90"
    assert Score.objects.get(pk=score.pk).adjusted_total == Decimal("70")
    saved = client.post(url, {**data, "version": refused.context["form"]["version"].value()})
    assert saved.status_code == 302
    assert Score.objects.get(pk=score.pk).adjusted_total == Decimal("90")


# The API.


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_api_refuses_a_stale_if_match_with_412_and_saves_a_fresh_one(case, things, api_for):
    obj = things[case.key]
    api = api_for(case.editor)
    url = f"/api/v1/{case.endpoint}/{obj.pk}/"
    read = api.get(url)
    etag = read["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    someone_else_sets(obj, case.field, "Theirs")
    before = changes_of(obj)
    refused = api.patch(url, {case.field: "Mine"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    current = api.get(url)["ETag"]
    assert current != etag
    assert refused.json()["current_etag"] == current == refused["ETag"]
    assert "If-Match" in refused.json()["detail"]
    assert api_for("admin").delete(url, HTTP_IF_MATCH=etag).status_code == 412
    weak = f"W/{current}"  # If-Match compares strongly: a weak tag never matches
    weakly = api.patch(url, {case.field: "Mine"}, format="json", HTTP_IF_MATCH=weak)
    assert weakly.status_code == 412
    assert stored(obj, case.field) == "Theirs"
    assert changes_of(obj) == before
    saved = api.patch(url, {case.field: "Mine"}, format="json", HTTP_IF_MATCH=current)
    assert saved.status_code == 200
    assert saved["ETag"] not in (etag, current)
    assert api.get(url)["ETag"] == saved["ETag"]
    assert stored(obj, case.field) == "Mine"
    assert changes_of(obj) == before + 1
    anything = api.patch(url, {case.field: "Any"}, format="json", HTTP_IF_MATCH="*")
    assert anything.status_code == 200


@pytest.mark.django_db
def test_created_and_workflow_answers_carry_the_etag_of_what_they_show(things, api_for):
    api = api_for("manager_a")
    created = api.post(
        "/api/v1/plans/",
        {"unit": "plant-a-turning", "period_kind": "quarter", "start": "1959-01-01"},
        format="json",
    )
    assert created.status_code == 201
    assert created["ETag"] == api.get(f"/api/v1/plans/{created.json()['id']}/")["ETag"]
    plan = things["plan"]
    etag = api.get(f"/api/v1/plans/{plan.pk}/")["ETag"]
    adopted = api.post(f"/api/v1/plans/{plan.pk}/adopt/", {"adopted_on": "1959-02-25"})
    assert adopted.status_code == 200
    assert adopted["ETag"] not in (None, etag)
    assert adopted["ETag"] == api.get(f"/api/v1/plans/{plan.pk}/")["ETag"]
    # A record keeps no time of change: its tag is that of what it shows.
    record = api.get("/api/v1/records/").json()["results"][0]
    url = f"/api/v1/records/{record['id']}/"
    read = api.get(url)
    assert read.status_code == 200
    assert api.get(url, HTTP_IF_NONE_MATCH=read["ETag"]).status_code == 304
    assert api_for("admin").delete(url, HTTP_IF_MATCH='"0"').status_code == 412
    assert api_for("admin").delete(url, HTTP_IF_MATCH=read["ETag"]).status_code == 204


@pytest.mark.django_db
def test_a_target_change_moves_the_plans_etag(things, api_for):
    plan = things["plan"]
    api = api_for("manager_a")
    url = f"/api/v1/plans/{plan.pk}/"
    etag = api.get(url)["ETag"]
    services.set_targets(Plan.objects.get(pk=plan.pk), {things_metric(): Decimal("3200")})
    targets = [{"metric": "pieces_produced", "value": "3300"}]
    refused = api.patch(url, {"targets": targets}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    assert PlanTarget.objects.get(plan=plan).value == Decimal("3200")


@pytest.mark.django_db
def test_the_api_adjusts_a_score_only_from_its_current_version(things, api_for):
    score = things["score"]
    api = api_for("manager_a")
    url = f"/api/v1/scores/{score.pk}/adjust/"
    etag = api.get(url)["ETag"]
    scoring.adjust(Score.objects.get(pk=score.pk), Decimal("70"), "Recount of the 5th")
    body = {"value": "90", "reason": "Booked to the wrong group"}
    assert api.post(url, body, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert Score.objects.get(pk=score.pk).adjusted_total == Decimal("70")
    current = api.get(f"/api/v1/scores/{score.pk}/")["ETag"]
    saved = api.post(url, body, format="json", HTTP_IF_MATCH=current)
    assert saved.status_code == 200
    assert saved["ETag"] != current
    assert Score.objects.get(pk=score.pk).adjusted_total == Decimal("90")


# Workflow steps never save back fields changed since the object was read.


@pytest.mark.django_db
def test_a_workflow_step_keeps_what_others_saved_meanwhile(things, world):
    meeting = Meeting.objects.get(pk=things["meeting"].pk)  # read before the change
    someone_else_sets(meeting, "summary", "Their summary")
    meeting.attendances.create(person=world.people["worker_a"])
    meeting.sign_off(world.users["leader_a"])
    assert Meeting.objects.get(pk=meeting.pk).summary == "Their summary"
    plan = Plan.objects.get(pk=things["plan"].pk)
    someone_else_sets(plan, "title", "Their title")
    services.adopt(plan, MARCH)
    assert stored(plan, "title") == "Their title"


# Many edits at once.


@contextmanager
def database_for_threads(tmp_path):
    """Let threads work on the test database through connections of their own.

    On PostgreSQL they simply connect. SQLite's in-memory test database cannot make a
    writer wait for another (its shared-cache locks fail at once), so the threads use a
    copy in a file, opened with the app's own settings (busy timeout, BEGIN IMMEDIATE),
    which is copied back when they are done.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path)}
    try:
        yield
    finally:
        connections.settings["default"] = original
        copy = sqlite3.connect(path)
        copy.backup(connection.connection)
        copy.close()


def race(sends, tmp_path):
    """Run `sends` (callables) at once, each in its own thread; their answers in order."""
    answers = [None] * len(sends)
    start = threading.Barrier(len(sends))

    def run(index):
        try:
            start.wait(timeout=30)
            answers[index] = sends[index]()
        finally:
            connections.close_all()

    with database_for_threads(tmp_path):
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return answers


RACERS = 8


@pytest.mark.django_db(transaction=True)
def test_of_many_edits_sent_at_once_from_one_version_exactly_one_is_saved(
    world, client_for, api_for, tmp_path
):
    """Each kind of write: RACERS people open the same version, then all save at once."""
    found = build(world)
    plan, pledge, meeting = found["plan"], found["pledge"], found["meeting"]
    # The plan's edit page.
    url = reverse("plans:plan_edit", args=[plan.pk])
    clients = [client_for("manager_a") for _ in range(RACERS)]
    version = clients[0].get(url).context["meta_form"]["version"].value()
    data = {**CASES[0].form_data(plan), "version": version}

    def edit_plan(client, title):
        return lambda: client.post(url, {**data, "title": title}).status_code

    answers = race([edit_plan(c, f"Edit {i}") for i, c in enumerate(clients)], tmp_path)
    assert sorted(answers) == [302] + [400] * (RACERS - 1)
    winner = f"Edit {answers.index(302)}"
    assert stored(plan, "title") == winner
    assert [r.changes["title"] for r in updates_of(plan)] == [["", winner]]
    # The pledge through the API, every request with the same If-Match.
    url = f"/api/v1/pledges/{pledge.pk}/"
    apis = [api_for("leader_a") for _ in range(RACERS)]
    etag = apis[0].get(url)["ETag"]

    def edit_pledge(api, notes):
        return lambda: api.patch(url, {"notes": notes}, format="json", HTTP_IF_MATCH=etag)

    answers = race([edit_pledge(a, f"Edit {i}") for i, a in enumerate(apis)], tmp_path)
    codes = [answer.status_code for answer in answers]
    assert sorted(codes) == [200] + [412] * (RACERS - 1)
    winner = f"Edit {codes.index(200)}"
    assert stored(pledge, "notes") == winner
    assert {a.json()["current_etag"] for a in answers if a.status_code == 412} == {
        answers[codes.index(200)]["ETag"]
    }
    assert [r.changes["notes"] for r in updates_of(pledge)] == [["", winner]]
    # The minutes page, which saves the summary, attendance and outcomes together.
    url = reverse("meetings:meeting_minutes", args=[meeting.pk])
    clients = [client_for("leader_a") for _ in range(RACERS)]
    data = minutes_data(clients[0].get(url))

    def save_minutes(client, summary):
        return lambda: client.post(url, {**data, "summary": summary}).status_code

    answers = race([save_minutes(c, f"Summary {i}") for i, c in enumerate(clients)], tmp_path)
    assert sorted(answers) == [302] + [409] * (RACERS - 1)
    winner = f"Summary {answers.index(302)}"
    assert Meeting.objects.get(pk=meeting.pk).summary == winner
    assert [r.changes["summary"] for r in updates_of(meeting)] == [["", winner]]


def updates_of(obj):
    return list(ChangeRecord.for_object(obj).filter(kind=ChangeKind.UPDATE))
