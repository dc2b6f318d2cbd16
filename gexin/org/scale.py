"""Subtree queries at full scale: 10,000 units and 100,000 people (`gexin bench tree`).

Builds a throwaway tree (ministry → 10 provinces → plants → workshops → sections →
shifts → union groups), fills it with people, then times the queries that every
scoped page and API list is built from, for a plant manager and for the ministry.
"""

import random
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.core import versioning
from gexin.core.permissions import under
from gexin.org.backends import forget
from gexin.org.choices import Role, UnitKind
from gexin.org.models import Person, RoleAssignment, Unit, WorkType
from gexin.org.services import bulk_load_tree

# Fan-out per level; 1 + 10 + 50 + 400 + 800 + 1,600 + 7,139 ≈ 10,000 units.
LEVELS = (
    (UnitKind.PROVINCE, 10),
    (UnitKind.PLANT, 5),
    (UnitKind.WORKSHOP, 8),
    (UnitKind.SECTION, 2),
    (UnitKind.SHIFT, 2),
    (UnitKind.UNION_GROUP, 5),
)
GOAL_MS = 50  # each query, median of repeated runs


def build(units_wanted=10_000, people_wanted=100_000, seed=1958):
    """Load the synthetic tree and its people; return (plant, manager user, admin user)."""
    from django.contrib.auth import get_user_model

    rng = random.Random(seed)
    work_types = [
        WorkType.objects.get_or_create(code=code, defaults={"name": code.title()})[0]
        for code in ("rolling", "steelmaking", "ironmaking", "machining")
    ]
    nodes = [(None, Unit(code="scale-mmi", name="Ministry", kind=UnitKind.MINISTRY))]
    frontier = [0]
    for kind, fan_out in LEVELS:
        next_frontier = []
        for parent_index in frontier:
            for number in range(fan_out):
                if len(nodes) >= units_wanted:
                    break
                code = f"{nodes[parent_index][1].code}-{number}"
                unit = Unit(
                    code=code,
                    name=f"{kind.label} {code}",
                    kind=kind,
                    work_type=rng.choice(work_types),
                )
                nodes.append((parent_index, unit))
                next_frontier.append(len(nodes) - 1)
        frontier = next_frontier
    units = bulk_load_tree(nodes)
    groups = [unit for unit in units if unit.kind == UnitKind.UNION_GROUP] or units
    people = [
        Person(
            employee_number=f"S{index:06d}",
            name=f"工人{index}",
            name_latin=f"Worker {index}",
            unit=groups[index % len(groups)],
            unit_path=groups[index % len(groups)].path,
            skill_grade=rng.randint(0, 8),
        )
        for index in range(people_wanted)
    ]
    Person.objects.bulk_create(people, batch_size=5000)
    versioning.bump()
    plant = next(unit for unit in units if unit.kind == UnitKind.PLANT)
    User = get_user_model()
    manager = User.objects.create_user("scale-manager")
    admin = User.objects.create_user("scale-admin")
    for user, unit, role in ((manager, plant, Role.MANAGER), (admin, units[0], Role.ADMINISTRATOR)):
        person = Person.objects.create(
            employee_number=f"S-{user.username}", name=user.username, unit=unit, user=user
        )
        RoleAssignment.objects.create(person=person, unit=unit, role=role)
    return plant, manager, admin


def timed(function, repeat=7):
    """Median milliseconds and query count of `function()`."""
    durations = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            function()
            durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), len(captured)


def fresh(user):
    """The user without cached scopes, as on a new request."""
    forget(user)
    return user


def measurements(plant, manager, admin):
    """(name, function) pairs: the queries scoped pages are built from."""
    return [
        ("scope of a plant manager", lambda: Unit.objects.restrict(fresh(manager)).count()),
        ("units in a plant's subtree", lambda: plant.subtree().count()),
        (
            "people in a plant's subtree",
            lambda: Person.objects.filter(under("unit_path", plant.path)).count(),
        ),
        (
            "manager's person list, page 1",
            lambda: list(
                Person.objects.restrict(fresh(manager))
                .select_related("unit")
                .order_by("unit_path", "name")[:50]
            ),
        ),
        (
            "manager's person list, last page",
            lambda: list(
                Person.objects.restrict(fresh(manager))
                .select_related("unit")
                .order_by("pk")[1950:2000]
            ),
        ),
        ("ministry person count", lambda: Person.objects.restrict(fresh(admin)).count()),
        (
            "ministry person list, page 1",
            lambda: list(
                Person.objects.restrict(fresh(admin))
                .select_related("unit")
                .order_by("unit_path", "name")[:50]
            ),
        ),
        (
            "search by name in scope",
            lambda: list(Person.objects.restrict(fresh(manager)).search("Worker 1234")[:50]),
        ),
        (
            "ancestors of a section",
            lambda: Unit.objects.filter(parent__parent=plant).first().lineage(),
        ),
    ]


def run(write):
    """Build, measure and report; returns rows (name, ms, queries, passed)."""
    start = time.perf_counter()
    plant, manager, admin = build()
    write(
        f"Loaded {Unit.objects.count()} units and {Person.objects.count()} people "
        f"in {time.perf_counter() - start:.1f} s on {connection.vendor}."
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a database in use would have
    rows = []
    for name, function in measurements(plant, manager, admin):
        milliseconds, queries = timed(function)
        rows.append((name, milliseconds, queries, milliseconds <= GOAL_MS))
    write(f"{'query':<36} {'median ms':>10} {'queries':>8}  goal ≤ {GOAL_MS} ms")
    for name, milliseconds, queries, passed in rows:
        write(f"{name:<36} {milliseconds:>10.2f} {queries:>8}  {'PASS' if passed else 'MISS'}")
    return rows


def run_in_throwaway_database(write, keep=False):
    """Create a test database beside the configured one, run, and drop it again."""
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run(write)
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
