"""No page runs a query per row: the count stays the same as the data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gexin.org.choices import Role, UnitKind
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UnitFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(world, extra):
    """Add `extra` workshops, each with a group, two people and a role, under plant A."""
    plant = world.units["plant-a"]
    for index in range(extra):
        code = f"grow-{plant.numchild}-{index}"
        workshop = UnitFactory(
            parent=plant, code=code, kind=UnitKind.WORKSHOP, work_type=world.work_types["machining"]
        )
        group = UnitFactory(parent=workshop, code=f"{code}-g", kind=UnitKind.UNION_GROUP)
        person = PersonFactory(unit=group)
        PersonFactory(unit=workshop)
        RoleAssignmentFactory(person=person, unit=group, role=Role.GROUP_LEADER)
        plant.refresh_from_db()


PAGES = [
    lambda w: reverse("org:unit_tree"),
    lambda w: reverse("org:unit_list"),
    lambda w: reverse("org:unit_detail", args=[w.units["plant-a"].pk]),
    lambda w: reverse("org:person_list"),
    lambda w: reverse("org:roleassignment_list"),
    lambda w: reverse("org:worktype_detail", args=[w.work_types["machining"].pk]),
    lambda w: reverse("org:unit_children", args=[w.units["plant-a"].pk]),
    lambda w: "/api/v1/units/",
    lambda w: "/api/v1/people/",
    lambda w: "/api/v1/roles/",
]


@pytest.mark.parametrize("page", range(len(PAGES)))
def test_queries_do_not_grow_with_rows(page, world, client_for, api_for):
    url = PAGES[page](world)
    use = api_for("admin") if url.startswith("/api/") else client_for("admin")
    grow(world, 2)
    before = queries_for(use, url)
    grow(world, 8)
    after = queries_for(use, url)
    assert after == before, f"{url}: {before} queries with fewer rows, {after} with more"
