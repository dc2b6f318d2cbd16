"""Faults lose nothing: a database connection that breaks in the middle of an operation
leaves all of the operation or none of it, and trying again succeeds.

Each operation (a record import, a proposal's steps, an evaluation's publication, through
the pages and the API) runs once undisturbed while its queries are counted. Then the
k-th query fails as it would on a dropped connection, for k at every write and
savepoint, every fourth read between them, the first read after them and the first and
last query. Afterwards the tables the operation writes, and those of the audit records,
the notifications and the data version, must hold exactly what they held before or the
whole undisturbed result; a failed try must leave no email waiting to be sent; and a
second try without the fault must give the undisturbed result, row for row.

On PostgreSQL the server process is also killed for real (pg_terminate_backend) at the
first, a middle and the last write, just after them, and while the connection is idle
between two requests: the next request reconnects, and a retry does what one
undisturbed run does.
"""

import datetime
import logging
import re
from collections import Counter
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import Error, InterfaceError, OperationalError, connection, transaction
from django.urls import reverse

from gexin.competitions import scoring
from gexin.competitions.choices import Scoring
from gexin.competitions.models import Evaluation, Participant
from gexin.competitions.tests.factories_evaluations import (
    add_criterion,
    make_competition,
)
from gexin.meetings.choices import ProposalStatus
from gexin.meetings.tests.factories import make_proposal
from gexin.plans.models import ImportBatch, Record
from gexin.plans.tests.factories import put

TODAY = datetime.date.today()
# Signing the test clients in is not part of the operations.
UNWATCHED = {"django_session", "core_session"}
ALWAYS = {"core_changerecord", "core_notification", "core_dataversion"}


# The machinery: counting queries, failing one, comparing every table.


class Queries:
    """Counts the queries run on the connection (and which of them write); the one at
    `fail_at` raises `error`, or first runs `before_failing` and is then sent."""

    def __init__(self, fail_at=None, error=None, before_failing=None):
        self.count = 0
        self.writes = []
        self.fail_at = fail_at
        self.error = error
        self.before_failing = before_failing

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        if not sql.lstrip().upper().startswith("SELECT"):
            self.writes.append(self.count)
        if self.count == self.fail_at:
            if self.before_failing is not None:
                self.before_failing()
            else:
                raise self.error
        return execute(sql, params, many, context)


def dropped(k):
    """The errors a dropped connection raises, in turn."""
    if k % 2:
        return OperationalError("server closed the connection unexpectedly")
    return InterfaceError("connection already closed")


def table_names():
    return sorted(set(connection.introspection.table_names()) - UNWATCHED)


def snapshot(names):
    """Every row of every table, in a stable order."""
    rows = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            rows[name] = sorted(cursor.fetchall(), key=repr)
    return rows


TIMESTAMP = re.compile(
    r"datetime\.datetime\([^)]*\)|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:?\d\d|Z)?"
)
RANDOM_ID = re.compile(r"\b[0-9a-f]{32}\b")


def normal(rows):
    """The rows without what differs between two equal runs: clock times and random ids."""
    return {
        name: sorted(RANDOM_ID.sub("<id>", TIMESTAMP.sub("<time>", repr(row))) for row in table)
        for name, table in rows.items()
    }


def differences(one, other):
    """The tables that differ, for a readable failure."""
    return {
        name: {
            "only before": sorted(set(one[name]) - set(other[name]))[:5],
            "only after": sorted(set(other[name]) - set(one[name]))[:5],
        }
        for name in one
        if one[name] != other[name]
    }


def sequence_values():
    """PostgreSQL's sequences are not rolled back with a transaction; SQLite's are."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
        return cursor.fetchall()


def restore_sequences(values):
    if not values:
        return
    calls = ", ".join("setval(%s, %s, %s)" for _name, _value in values)
    params = []
    for name, value in values:
        params += [name, value or 1, value is not None]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", params)


class Undo(Exception):
    pass


@contextmanager
def undone():
    """Whatever is written inside the block is rolled back afterwards, ids included, and
    the work it left to do on commit is dropped."""
    sequences = sequence_values()
    try:
        with transaction.atomic():
            yield sequences
            raise Undo
    except Undo:
        pass
    finally:
        restore_sequences(sequences)


@contextmanager
def quiet_errors():
    """The failed requests are expected: their tracebacks would only fill the log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def unwatched():
    """Queries inside the block are neither counted nor failed (the test's own checks)."""
    saved = connection.execute_wrappers
    connection.execute_wrappers = []
    try:
        yield
    finally:
        connection.execute_wrappers = saved


def attempt(operation, wrapper):
    """Run the operation with the wrapper on the connection; True when it reported success."""
    try:
        with connection.execute_wrapper(wrapper):
            return bool(operation())
    except Error:
        return False


def positions(counter, stride=4):
    """Where to fail: the first and the last query, every write and savepoint, the first
    read after them, and every `stride`-th read between the first write and the last."""
    first, last = counter.writes[0], counter.writes[-1]
    between = range(first, last + 1, stride)
    return sorted({1, *counter.writes, *between, min(last + 1, counter.count), counter.count})


def prove_all_or_nothing(operation):
    """Fail each query of `operation` in turn and check that nothing is half done.

    `operation()` performs the operation and returns True when it reported success.
    Returns the number of queries the undisturbed operation makes.
    """
    everything = table_names()
    whole = snapshot(everything)
    waiting = len(connection.run_on_commit)
    with undone():
        # A first run fills the caches (content types and the like) that later runs use.
        operation()
    with undone():
        counter = Queries()
        mail.outbox = []
        assert attempt(operation, counter), "the undisturbed operation failed"
        changed = snapshot(everything)
        emails = len(connection.run_on_commit) - waiting
    # The tries below watch the tables the operation writes, and those of the audit
    # records, the notifications and the data version whether it writes them or not.
    names = sorted({name for name in everything if changed[name] != whole[name]} | ALWAYS)
    assert names != sorted(ALWAYS), "the operation changed nothing"
    before = {name: whole[name] for name in names}
    done = normal({name: changed[name] for name in names})
    with quiet_errors():
        for k in positions(counter):
            with undone() as sequences:
                mail.outbox = []
                failing = Queries(fail_at=k, error=dropped(k))
                succeeded = attempt(operation, failing)
                assert failing.count >= k, f"query {k} was never reached"
                after = snapshot(names)
                if after == before:
                    assert not succeeded, f"query {k} failed, yet success was reported"
                    assert len(connection.run_on_commit) == waiting, f"query {k}: emails queued"
                    assert mail.outbox == [], f"query {k}: emails sent"
                    restore_sequences(sequences)
                    assert attempt(operation, Queries()), f"query {k}: the retry failed"
                    again = normal(snapshot(names))
                    assert again == done, (k, differences(done, again))
                else:
                    half = normal(after)
                    assert half == done, (k, differences(done, half))
                    assert len(connection.run_on_commit) - waiting == emails
    return counter.count


# The operations.


@pytest.fixture
def emails(world):
    """Everyone involved has an address, so that the steps queue emails too."""
    for name, user in world.users.items():
        user.email = f"{name}@example.org"
        user.language = "en"
        user.save()
    return world


def csv_upload(text, name="records.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


IMPORT_CSV = (
    "unit,day,shift,metric,person,value\n"
    "plant-a-turning,1959-03-01,1,pieces_produced,,100\n"
    "plant-a-turning,1959-03-01,2,pieces_produced,A-002,20.5\n"
    "plant-a-turning,1959-03-02,1,pieces_produced,,90\n"
    "plant-a-turning,1959-03-02,,pieces_qualified,,95\n"
    "plant-a-turning,1959-04-01,1,pieces_produced,,70\n"
)


@pytest.mark.django_db
def test_a_record_import_page_is_all_or_nothing(world, client_for):
    # Some of the rows are stored already: the import compares, changes and adds.
    put(
        [
            ("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "80"),
            ("plant-a-turning", "1959-03-02", "1", "pieces_produced", "", "90"),
        ]
    )
    client = client_for("leader_a")
    url = reverse("plans:record_import")

    def operation():
        response = client.post(url, {"file": csv_upload(IMPORT_CSV)})
        return response.status_code == 302

    prove_all_or_nothing(operation)
    operation()
    assert Record.objects.count() == 5
    assert ImportBatch.objects.first().created_count == 3


@pytest.mark.django_db
def test_a_record_import_through_the_api_is_all_or_nothing(world, api_for):
    api = api_for("leader_a")
    rows = [
        {
            "unit": "plant-a-turning",
            "day": f"1959-05-0{day}",
            "shift": shift,
            "metric": "pieces_produced",
            "value": str(10 * day + shift),
        }
        for day in (1, 2, 3)
        for shift in (1, 2)
    ]

    def operation():
        return api.post("/api/v1/records/", rows, format="json").status_code == 200

    prove_all_or_nothing(operation)


@pytest.mark.django_db
def test_a_proposal_disposition_on_its_page_is_all_or_nothing(emails, client_for):
    world = emails
    proposal = make_proposal(world.units["plant-a-turning"], [world.people["worker_a"]])
    client = client_for("leader_a")
    url = reverse("meetings:proposal_dispose", args=[proposal.pk])
    data = {
        "kind": "escalated",
        "note": "Needs the machine shop's coolant line.",
        "to_unit": world.units["plant-a-machine"].pk,
        "decided_on": TODAY.isoformat(),
    }

    def operation():
        return client.post(url, data).status_code == 302

    prove_all_or_nothing(operation)


@pytest.mark.django_db
def test_a_proposals_later_steps_through_the_api_are_all_or_nothing(emails, api_for):
    world = emails
    proposal = make_proposal(world.units["plant-a-turning"], [world.people["worker_a"]])
    api = api_for("manager_a")
    url = f"/api/v1/proposals/{proposal.pk}/"
    # The disposition is proved on its page (above); here it only opens the later steps.
    adopted = api.post(url + "dispose/", {"kind": "solved", "note": "Done in the group."})
    assert adopted.status_code == 200
    steps = [
        ("implement", {"note": "New angle ground on every lathe."}),
        ("measure", {"before": "12", "after": "4", "measured_in": "hours per pipe"}),
        ("award", {"award": "Honour roll and 20 yuan", "amount": "20"}),
    ]
    for step, data in steps:

        def operation(step=step, data=data):
            return api.post(url + step + "/", data, format="json").status_code == 200

        prove_all_or_nothing(operation)
        assert operation()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AWARDED


def evaluation_to_publish(world):
    """A January evaluation published, with its banner, and February computed to publish."""
    competition = make_competition(world.units["plant-a"], banner_name="Mobile red banner")
    add_criterion(competition, "pieces_produced", 1, Scoring.RANK)
    for code in ("plant-a-turning", "plant-a-machine"):
        Participant.objects.create(competition=competition, unit=world.units[code])
    put(
        [
            ("plant-a-turning", "1959-01-05", "1", "pieces_produced", "", "100"),
            ("plant-a-turning", "1959-02-05", "1", "pieces_produced", "", "90"),
            ("plant-a-machine", "1959-02-05", "1", "pieces_produced", "", "120"),
        ]
    )
    scoring.publish(scoring.evaluate(competition, datetime.date(1959, 1, 15)))
    return scoring.evaluate(competition, datetime.date(1959, 2, 15))


@pytest.mark.django_db
def test_publishing_an_evaluation_on_its_page_is_all_or_nothing(world, client_for):
    february = evaluation_to_publish(world)
    client = client_for("manager_a")
    url = reverse("competitions:evaluation_publish", args=[february.pk])

    def operation():
        client.post(url)
        with unwatched():
            return Evaluation.objects.get(pk=february.pk).is_published

    prove_all_or_nothing(operation)


@pytest.mark.django_db
def test_publishing_an_evaluation_through_the_api_is_all_or_nothing(world, api_for):
    february = evaluation_to_publish(world)
    api = api_for("manager_a")

    def operation():
        return api.post(f"/api/v1/evaluations/{february.pk}/publish/").status_code == 200

    prove_all_or_nothing(operation)


# PostgreSQL: the server process killed for real.


def kill_server_process():
    """End this connection's server process from a second connection (pg_terminate_backend)."""
    pid = connection.connection.info.backend_pid
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


def as_a_request(operation, wrapper):
    """`attempt` the operation as the server would run a request: the connection is checked
    when the request starts and when it ends (Django's close_old_connections, which the
    test client leaves out); a connection found broken is closed, and the next one opened."""
    connection.close_if_unusable_or_obsolete()
    try:
        return attempt(operation, wrapper)
    finally:
        connection.close_if_unusable_or_obsolete()


def changes(before, after):
    """{table: (rows added, rows gone)}: the shape of what an operation did."""
    shape = {}
    for name in before:
        old, new = Counter(map(repr, before[name])), Counter(map(repr, after[name]))
        shape[name] = (sum((new - old).values()), sum((old - new).values()))
    return shape


def operations_to_kill(world, api_for):
    """(name, [operation on target i]) for the import, a disposition and a publication;
    each target starts alike, so each does the same to the database."""
    api = api_for("manager_a")

    def record_import(i):
        rows = [
            {
                "unit": "plant-a-turning",
                "day": f"19{60 + i}-03-0{day}",
                "shift": 1,
                "metric": "pieces_produced",
                "value": str(10 * day),
            }
            for day in (1, 2, 3)
        ]
        return lambda: api.post("/api/v1/records/", rows, format="json").status_code == 200

    proposals = [
        make_proposal(world.units["plant-a-turning"], [world.people["worker_a"]]) for _i in range(8)
    ]

    def disposition(i):
        url = f"/api/v1/proposals/{proposals[i].pk}/dispose/"
        data = {"kind": "solved", "note": "Done in the group."}
        return lambda: api.post(url, data, format="json").status_code == 200

    evaluations = [evaluation_to_publish(world) for _i in range(8)]

    def publication(i):
        url = f"/api/v1/evaluations/{evaluations[i].pk}/publish/"
        return lambda: api.post(url).status_code == 200

    return [("import", record_import), ("disposition", disposition), ("publication", publication)]


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_a_killed_server_process_loses_nothing_and_the_next_request_reconnects(world, api_for):
    everything = table_names()
    for name, operation_on in operations_to_kill(world, api_for):
        whole = snapshot(everything)
        counter = Queries()
        assert as_a_request(operation_on(0), counter), name
        reference = changes(whole, snapshot(everything))
        watched = [table for table, shape in reference.items() if shape != (0, 0)]
        reference = {table: reference[table] for table in watched}
        first, last = counter.writes[0], counter.writes[-1]
        kills = {first, (first + last) // 2, last, min(last + 1, counter.count)}
        # 0: killed while idle between two requests; the health check reconnects.
        for i, k in enumerate([0, *sorted(kills)], 1):
            operation = operation_on(i)
            before = snapshot(watched)
            if k == 0:
                kill_server_process()
                wrapper = Queries()
            else:
                wrapper = Queries(fail_at=k, before_failing=kill_server_process)
            with quiet_errors():
                succeeded = as_a_request(operation, wrapper)
            assert wrapper.count >= k, (name, k, "never reached")
            after = snapshot(watched)
            if after == before:
                assert not succeeded, (name, k)
                assert as_a_request(operation, Queries()), (name, k, "the retry failed")
                after = snapshot(watched)
            assert changes(before, after) == reference, (name, k, changes(before, after))
