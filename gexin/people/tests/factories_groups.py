"""Factories and route examples of the groups area.

`examples(world)` holds, in plant A's turning group, a technical mutual-aid group led by
leader_a with worker_a and turner_a as members, a session two of the three attended, a
problem two of them solved, and a demonstration by leader_a at a meeting; and in plant B
the same kinds of rows, which plant A's people may not see.
"""

import datetime

from gexin.meetings.tests.factories import make_meeting
from gexin.people import groups as services
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupKind,
    StudyGroupMember,
    StudyGroupRole,
    StudySession,
)

D = datetime.date
FORMED = D(1953, 6, 11)

# {route name: key in examples(world)} for every route of the area that takes an id.
ROUTES = {
    **{
        f"people:studygroup_{action}": "group" for action in ("detail", "edit", "delete", "history")
    },
    "people:studygroupmember_add": "group",
    **{f"people:studygroupmember_{action}": "member" for action in ("edit", "end", "delete")},
    "people:studysession_add": "group",
    **{f"people:studysession_{action}": "session" for action in ("edit", "delete")},
    "people:solvedproblem_add": "group",
    **{
        f"people:solvedproblem_{action}": "problem"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"people:demonstration_{action}": "demonstration"
        for action in ("detail", "edit", "delete", "history")
    },
    "people:unit_groups_panel": "unit",
    "people:person_groups_panel": "person",
    "people:meeting_demonstrations_panel": "meeting",
    "studygroup-detail": "group",
    "studygroupmember-detail": "member",
    "studygroupmember-end": "member",
    "studysession-detail": "session",
    "solvedproblem-detail": "problem",
    "demonstration-detail": "demonstration",
}


def make_group(
    unit,
    leader,
    *,
    kind=StudyGroupKind.MUTUAL_AID,
    name="Long-day shift group",
    formed_on=FORMED,
    leader_role=StudyGroupRole.MASTER,
    **fields,
):
    """A group formed through the service, so its leader is its first member."""
    group = StudyGroup(
        unit=unit, leader=leader, kind=kind, name=name, formed_on=formed_on, **fields
    )
    return services.save_group(group, leader_role)


def add_member(group, person, role=StudyGroupRole.MEMBER, joined_on=None, left_on=None):
    return services.save_member(
        StudyGroupMember(
            group=group,
            person=person,
            role=role,
            joined_on=joined_on or group.formed_on,
            left_on=left_on,
        )
    )


def make_session(group, held_on, present, topic="Grinding the tool"):
    return services.save_session(StudySession(group=group, held_on=held_on, topic=topic), present)


def make_problem(group, solved_on, solvers, title="Cooler pipes too slow", **fields):
    return services.save_solved_problem(
        SolvedProblem(group=group, solved_on=solved_on, title=title, **fields), solvers
    )


def make_demonstration(unit, demonstrator, held_on, attendees, topic="New tool angle", **fields):
    return services.save_demonstration(
        Demonstration(unit=unit, demonstrator=demonstrator, held_on=held_on, topic=topic, **fields),
        attendees,
    )


def examples(world):
    """{key: object}: the plant A rows, and plant B's under "b_<key>"."""
    cached = getattr(world, "_groups_examples", None)
    if cached is not None:
        return cached
    people = world.people
    found = {}
    for prefix, unit_code, leader, member, learner in (
        ("", "plant-a-turning", "leader_a", "worker_a", "turner_a"),
        ("b_", "plant-b-shift-1", "worker_b", None, "roller_b"),
    ):
        unit = world.units[unit_code]
        group = make_group(unit, people[leader], name=f"Mutual-aid group {unit_code}")
        learner_membership = add_member(group, people[learner], StudyGroupRole.LEARNER)
        membership = add_member(group, people[member]) if member is not None else learner_membership
        present = [people[leader], people[learner]]
        found[f"{prefix}group"] = group
        found[f"{prefix}member"] = membership
        found[f"{prefix}session"] = make_session(group, D(1953, 6, 12), present)
        found[f"{prefix}problem"] = make_problem(
            group,
            D(1953, 6, 17),
            present,
            title=f"Cooler pipes {unit_code}",
            result="100 pipes in 7.5 h instead of 12 h",
        )
        found[f"{prefix}unit"] = unit
        found[f"{prefix}person"] = people[learner]
        found[f"{prefix}meeting"] = make_meeting(unit, D(1953, 6, 20))
        found[f"{prefix}demonstration"] = make_demonstration(
            unit,
            people[leader],
            D(1953, 6, 20),
            [people[learner]] + ([people[member]] if member else []),
            topic=f"New tool angle {unit_code}",
            meeting=found[f"{prefix}meeting"],
        )
    world._groups_examples = found
    return found
