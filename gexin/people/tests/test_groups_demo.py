"""The groups demo (seed 000 p.10): the Huaxin turning group's two technical mutual-aid
groups formed on 11 June 1953, their sessions with attendance, Zhang Sen and Shi
Guoqiang's cooler pipes (100 in 7.5 h instead of 12 h) linked to the proposal of the
meetings demo, and Zhang Sen's demonstration at the weekend meeting."""

import datetime

import pytest
from django.db import transaction
from django.test import override_settings

from gexin.meetings import demo as meetings_demo
from gexin.org import demo as org_demo
from gexin.org.models import Person
from gexin.people import demo_groups
from gexin.people import groups as services
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupKind,
    StudyGroupMember,
)
from gexin.plans import demo as plans_demo

D = datetime.date


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        org_demo.load()
        plans_demo.load()
        meetings_demo.load()
        assert not demo_groups.is_loaded()
        written = demo_groups.load()
        yield written
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded, db):
    return loaded


def group(name):
    return StudyGroup.objects.get(unit__code=demo_groups.UNIT, name=name)


def numbers(people):
    return {p.employee_number for p in people}


def test_two_mutual_aid_groups_split_the_turning_group_under_its_officers(demo_db):
    assert demo_db == {
        "study groups": 2,
        "group memberships": 20,
        "group sessions": 6,
        "solved problems": 1,
        "demonstrations": 2,
    }
    assert demo_groups.is_loaded()
    early, middle = group(demo_groups.EARLY), group(demo_groups.MIDDLE)
    assert (early.leader.name_latin, middle.leader.name_latin) == ("Chen Xianfang", "Wang Yongfu")
    for each in (early, middle):
        assert (each.kind, each.formed_on, each.is_active) == (
            StudyGroupKind.MUTUAL_AID,
            D(1953, 6, 11),
            True,
        )
        assert "masters have a clear duty to teach" in each.focus
        roles = {m.role for m in each.memberships.all()}
        assert roles == {"master", "learner", "member"}  # masters and apprentices in each
    early_people = numbers(m.person for m in early.memberships.all())
    middle_people = numbers(m.person for m in middle.memberships.all())
    assert not early_people & middle_people
    everyone = numbers(Person.objects.filter(unit__code=demo_groups.UNIT))
    # The team leader Wang Xiyuan heads both groups and is a member of neither.
    assert everyone - early_people - middle_people == {"HX-0002"}
    assert {"HX-0004", "HX-0013"} <= middle_people  # Zhang Sen helped Shi Guoqiang there
    assert len(early_people) == len(middle_people) == 10


def test_sessions_record_who_was_present(demo_db):
    early = group(demo_groups.EARLY)
    memberships = list(early.memberships.all())
    first = early.sessions.get(held_on=D(1953, 6, 12))
    assert services.attendance(first, memberships) == (9, 10, 90)
    assert "HX-0014" not in numbers(first.attendees.all())
    assert all(session.is_illustrative for session in early.sessions.all())


def test_the_cooler_pipes_were_solved_in_the_group_and_linked_to_the_proposal(demo_db):
    problem = SolvedProblem.objects.get(group__name=demo_groups.MIDDLE)
    assert problem.result.startswith("100 pipes in 7.5 h instead of 12 h")
    assert numbers(problem.solved_by.all()) == {"HX-0004", "HX-0013"}
    assert problem.proposal is not None
    assert problem.proposal.title.startswith("改进锋钢刀角度并使用冷却液")
    assert (problem.proposal.benefit_before, problem.proposal.benefit_after) == (12, 7.5)


def test_zhang_sen_demonstrated_at_the_weekend_meeting_to_those_present(demo_db):
    weekend = Demonstration.objects.get(held_on=D(1953, 6, 20))
    assert weekend.demonstrator.name_latin == "Zhang Sen"
    assert weekend.meeting is not None and weekend.meeting.day == D(1953, 6, 20)
    present = {
        a.person.employee_number for a in weekend.meeting.attendances.all() if a.status == "present"
    }
    assert numbers(weekend.attendees.all()) == present
    assert weekend.attendees.count() == 20  # all but Li Shuiqing, on the middle shift
    assert weekend.is_illustrative
    in_group = Demonstration.objects.get(held_on=D(1953, 6, 23))
    early = group(demo_groups.EARLY)
    assert numbers(in_group.attendees.all()) == numbers(m.person for m in early.memberships.all())


def test_the_leaders_hold_the_roles_the_seed_gives_them(demo_db):
    leaders = StudyGroupMember.objects.filter(person__employee_number__in=["HX-0001", "HX-0008"])
    roles = {
        (m.person.employee_number, r.role)
        for m in leaders
        for r in m.person.roles.filter(unit__code=demo_groups.UNIT)
    }
    assert roles == {("HX-0001", "group_leader"), ("HX-0008", "production_officer")}
