"""The rules of groups, as the models and services keep them whatever the page or API:
people of the unit, one technical mutual-aid group of a unit at a time (study and
research groups besides), memberships within the group's life, links on the unit's
line, and lists whose queries do not grow with their rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.org.choices import UnitKind
from gexin.org.tests.factories import PersonFactory, UnitFactory
from gexin.people import groups as services
from gexin.people.models.groups import StudyGroupKind, StudyGroupMember, on_line
from gexin.people.tests.factories_groups import (
    add_member,
    examples,
    make_demonstration,
    make_group,
    make_problem,
    make_session,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def turning(world):
    return world.units["plant-a-turning"]


@pytest.fixture
def two_groups(world, turning):
    """Two mutual-aid groups of the turning group, as Huaxin's lathes were split."""
    early = make_group(turning, world.people["leader_a"], name="Long-day and early shift")
    middle = make_group(turning, world.people["worker_a"], name="Middle shift")
    return early, middle


def errors_of(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_person_is_in_one_mutual_aid_group_of_the_unit_at_a_time(world, two_groups):
    early, middle = two_groups
    turner = world.people["turner_a"]
    add_member(early, turner, joined_on=D(1953, 6, 11), left_on=D(1953, 8, 1))
    errors = errors_of(lambda: add_member(middle, turner, joined_on=D(1953, 7, 31)))
    assert "one technical mutual-aid group" in errors["person"][0]
    # From the day they left the first, they may join the second.
    assert add_member(middle, turner, joined_on=D(1953, 8, 1)).pk
    # And a later return to the first may not overlap the second.
    errors = errors_of(lambda: add_member(early, turner, joined_on=D(1954, 1, 1)))
    assert "person" in errors


def test_study_and_research_groups_are_not_limited(world, turning, two_groups):
    early, _middle = two_groups
    turner = world.people["turner_a"]
    add_member(early, turner)
    for kind in (StudyGroupKind.STUDY, StudyGroupKind.RESEARCH):
        group = make_group(turning, world.people["leader_a"], kind=kind, name=str(kind))
        assert add_member(group, turner).pk


def test_mutual_aid_groups_of_another_unit_do_not_count(world, turning):
    milling = UnitFactory(
        code="plant-a-milling", parent=world.units["plant-a-machine"], kind=UnitKind.UNION_GROUP
    )
    shop = world.units["plant-a-machine"]
    turner = world.people["turner_a"]
    add_member(make_group(turning, world.people["leader_a"]), turner)
    # A shop-wide mutual-aid group may take a member of the turning group's own.
    assert add_member(make_group(shop, world.people["leader_a"], name="Shop group"), turner).pk
    assert milling  # a unit beside, whose people the turning group may not take
    miller = PersonFactory(employee_number="A-050", unit=milling)
    errors = errors_of(lambda: add_member(make_group(turning, miller, name="x"), miller))
    assert "leader" in errors


def test_a_membership_lies_within_the_groups_life(world, two_groups):
    early, _middle = two_groups
    turner = world.people["turner_a"]
    assert "joined_on" in errors_of(lambda: add_member(early, turner, joined_on=D(1953, 6, 1)))
    assert "left_on" in errors_of(
        lambda: add_member(early, turner, joined_on=D(1953, 7, 1), left_on=D(1953, 6, 30))
    )
    add_member(early, turner)
    assert "person" in errors_of(lambda: add_member(early, turner, joined_on=D(1953, 7, 1)))


def test_turning_a_group_into_a_mutual_aid_group_checks_its_members(world, turning, two_groups):
    early, _middle = two_groups
    study = make_group(turning, world.people["turner_a"], kind=StudyGroupKind.STUDY, name="Study")
    add_member(study, world.people["worker_a"])  # also leads the middle-shift group
    study.kind = StudyGroupKind.MUTUAL_AID
    errors = errors_of(lambda: services.save_group(study))
    assert "kind" in errors


def test_moving_a_group_keeps_its_members_inside_the_unit(world, two_groups):
    early, _middle = two_groups
    early.unit = world.units["plant-b-shift-1"]
    assert set(errors_of(lambda: services.save_group(early))) & {"unit", "leader"}


def test_dissolving_ends_the_open_memberships(world, two_groups):
    early, _middle = two_groups
    add_member(early, world.people["turner_a"])
    early.dissolved_on = D(1954, 3, 1)
    services.save_group(early)
    assert set(early.memberships.values_list("left_on", flat=True)) == {D(1954, 3, 1)}
    assert not early.is_active_on(D(1954, 3, 1)) and early.is_active_on(D(1954, 2, 28))
    assert "joined_on" in errors_of(
        lambda: add_member(early, world.people["worker_b"], joined_on=D(1954, 3, 2))
    )


def test_a_membership_with_a_record_is_ended_not_deleted(world):
    found = examples(world)
    turner_membership = found["group"].memberships.get(person=world.people["turner_a"])
    with pytest.raises(ValidationError, match="end the membership instead"):
        services.delete_member(turner_membership)
    services.delete_member(found["member"])  # worker_a attended nothing
    assert not StudyGroupMember.objects.filter(pk=found["member"].pk).exists()


def test_the_units_line_is_itself_above_and_below():
    assert on_line("0001000200030004", "0001000200030004")
    assert on_line("0001000200030004", "00010002")
    assert on_line("00010002", "0001000200030004")
    assert not on_line("0001000200030004", "0001000200030005")
    assert not on_line("00010002", "00010003")


def test_attendance_rate_counts_members_of_that_day(world):
    found = examples(world)
    group, session = found["group"], found["session"]
    memberships = list(group.memberships.all())
    assert services.attendance(session, memberships) == (2, 3, 67)
    found["member"].joined_on = D(1953, 6, 13)  # worker_a joined after the session
    found["member"].save()
    assert services.attendance(session, list(group.memberships.all())) == (2, 2, 100)


def test_api_lists_do_not_grow_in_queries_with_rows(world, api_for):
    found = examples(world)
    api = api_for("leader_a")
    endpoints = [
        "study-groups",
        "study-group-members",
        "study-sessions",
        "solved-problems",
        "demonstrations",
    ]

    def counts():
        result = []
        for endpoint in endpoints:
            with CaptureQueriesContext(connection) as queries:
                assert api.get(f"/api/v1/{endpoint}/").status_code == 200
            result.append(len(queries))
        return result

    from django.test import override_settings

    with override_settings(GEXIN_FRAGMENT_CACHE=False):
        before = counts()
        group = found["group"]
        for number in range(4):
            person = PersonFactory(
                employee_number=f"A-3{number}", unit=world.units["plant-a-turning"]
            )
            add_member(group, person)
            make_session(group, D(1953, 7, 1 + number), [person])
            make_problem(group, D(1953, 7, 1 + number), [person], title=f"P{number}")
            make_demonstration(group.unit, person, D(1953, 7, 1 + number), [person])
            make_group(group.unit, person, kind=StudyGroupKind.STUDY, name=f"S{number}")
        assert counts() == before
