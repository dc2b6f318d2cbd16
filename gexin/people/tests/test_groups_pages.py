"""The pages of study groups, solved problems and demonstrations: the shared contract,
then the group's own page where members are added and ended, sessions recorded with
their attendance and solved problems linked to proposals and key issues."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.innovation.models import KeyIssue
from gexin.meetings.tests.factories import make_meeting, make_proposal
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import (
    PersonFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)
from gexin.people import groups as services
from gexin.people.models.groups import (
    StudyGroup,
    StudyGroupKind,
    StudyGroupMember,
    StudyGroupRole,
)
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


class TestStudyGroupPages(ViewContract):
    app = "people"
    model_name = "studygroup"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["group"], "out_of_scope": found["b_group"]}

    def valid_edit(self, world, obj):
        return {
            "unit": "plant-a-turning",
            "kind": StudyGroupKind.MUTUAL_AID,
            "name": "Long-day and early shift group",
            "name_zh": "长白班、早班技术互助组",
            "leader": "A-001",
            "focus": "Solve the problems arising in production.",
            "meets": "after the early shift",
            "formed_on": "1953-06-11",
            "dissolved_on": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["dissolved_on"] = "1953-06-01"
        return data, "dissolved_on"

    def export_key(self, obj):
        return obj.name


class TestSolvedProblemPages(ViewContract):
    app = "people"
    model_name = "solvedproblem"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["problem"], "out_of_scope": found["b_problem"]}

    def valid_edit(self, world, obj):
        return {
            "title": "Cooler pipes took 12 hours",
            "description": "The tool heated and had to be ground again and again.",
            "solved_on": "1953-06-17",
            "result": "100 pipes in 7.5 h instead of 12 h",
            "solved_by": [world.people["leader_a"].pk, world.people["turner_a"].pk],
            "proposal": "",
            "key_issue": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["solved_on"] = "1953-06-01"  # before the group was formed
        return data, "solved_on"

    def export_key(self, obj):
        return obj.title

    def add_url(self, world):
        # A solved problem is recorded from its group's page.
        return reverse("people:solvedproblem_add", args=[examples(world)["group"].pk])

    def test_create_is_forbidden_without_the_right(self, world, client_for):
        assert client_for(self.viewer).get(self.add_url(world)).status_code == 403
        assert client_for("stranger").get(self.add_url(world)).status_code == 404

    def test_create_form_opens_for_an_editor(self, world, client_for):
        assert client_for(self.editor).get(self.add_url(world)).status_code == 200


class TestDemonstrationPages(ViewContract):
    app = "people"
    model_name = "demonstration"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["demonstration"], "out_of_scope": found["b_demonstration"]}

    def valid_edit(self, world, obj):
        return {
            "unit": "plant-a-turning",
            "demonstrator": "A-001",
            "held_on": "1953-06-20",
            "topic": "Grinding the tool to the new angle",
            "method": "Grind the rake angle steeper; flood the cut with coolant.",
            "place": "Lathe 5",
            "meeting": "",
            "experience": "",
            "attendees": [world.people["worker_a"].pk, world.people["turner_a"].pk],
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["held_on"] = ""
        return data, "held_on"

    def export_key(self, obj):
        return obj.topic


def group_page(client, group):
    return client.get(group.get_absolute_url())


# Members


def test_a_keeper_adds_a_person_of_the_unit_and_only_such_people_are_offered(world, client_for):
    group = examples(world)["group"]
    newcomer = PersonFactory(employee_number="A-010", unit=world.units["plant-a-turning"])
    url = reverse("people:studygroupmember_add", args=[group.pk])
    client = client_for("leader_a")
    form = client.get(url).context["form"]
    offered = set(form.fields["person"].queryset.values_list("employee_number", flat=True))
    assert offered == {"A-010"}  # the other people of the unit are members already
    refused = client.post(
        url,
        {"person": world.people["roller_b"].pk, "role": "learner", "joined_on": "1953-06-15"},
    )
    assert refused.status_code == 400 and refused.context["form"].errors["person"]
    response = client.post(
        url, {"person": newcomer.pk, "role": "learner", "joined_on": "1953-06-15"}
    )
    assert response.status_code == 302
    membership = StudyGroupMember.objects.get(group=group, person=newcomer)
    assert (membership.role, membership.joined_on, membership.left_on) == (
        StudyGroupRole.LEARNER,
        D(1953, 6, 15),
        None,
    )
    assert 'data-member="A-010"' in group_page(client, group).content.decode()


def test_ending_a_membership_is_post_only_and_keeps_it_as_former(world, client_for):
    found = examples(world)
    member, group = found["member"], found["group"]
    url = reverse("people:studygroupmember_end", args=[member.pk])
    client = client_for("leader_a")
    assert client.get(url)["Location"] == member.get_absolute_url()
    assert client_for("worker_b").get(url).status_code == 404
    assert client_for("worker_a").post(url, {"on": "1953-07-01"}).status_code == 403
    response = client.post(url, {"on": "1953-07-01"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == D(1953, 7, 1)
    body = group_page(client, group).content.decode()
    assert f'data-former="{member.person.employee_number}"' in body
    assert f'data-member="{member.person.employee_number}"' not in body


def test_the_leader_stays_a_member(world, client_for):
    group = examples(world)["group"]
    leader_membership = group.memberships.get(person=group.leader)
    client = client_for("leader_a")
    client.post(
        reverse("people:studygroupmember_end", args=[leader_membership.pk]), {"on": "1953-07-01"}
    )
    leader_membership.refresh_from_db()
    assert leader_membership.left_on is None
    response = client.post(
        reverse("people:studygroupmember_delete", args=[leader_membership.pk]), follow=True
    )
    assert "choose another leader first" in response.content.decode()
    assert StudyGroupMember.objects.filter(pk=leader_membership.pk).exists()


def test_a_new_leader_must_already_be_a_member(world, client_for):
    group = examples(world)["group"]
    outsider = PersonFactory(employee_number="A-011", unit=world.units["plant-a-turning"])
    data = TestStudyGroupPages().valid_edit(world, group)
    data["leader"] = outsider.employee_number
    client = client_for("leader_a")
    response = client.post(reverse("people:studygroup_edit", args=[group.pk]), data)
    assert response.status_code == 400
    assert "a member of the group first" in str(response.context["form"].errors["leader"])
    data["leader"] = "A-002"  # worker_a, a member
    assert client.post(reverse("people:studygroup_edit", args=[group.pk]), data).status_code == 302
    group.refresh_from_db()
    assert group.leader == world.people["worker_a"]


def test_a_new_group_starts_with_its_leader_as_member(world, client_for):
    data = TestStudyGroupPages().valid_edit(world, None)
    data.update(name="Middle shift group", leader="A-002", leader_role="master")
    data["kind"] = StudyGroupKind.STUDY
    response = client_for("leader_a").post(reverse("people:studygroup_add"), data)
    assert response.status_code == 302
    group = StudyGroup.objects.get(name="Middle shift group")
    assert [(m.person.employee_number, m.role, m.joined_on) for m in group.memberships.all()] == [
        ("A-002", "master", D(1953, 6, 11))
    ]


def test_a_group_with_a_record_is_dissolved_not_deleted(world, client_for):
    found = examples(world)
    response = client_for("admin").post(
        reverse("people:studygroup_delete", args=[found["group"].pk]), follow=True
    )
    assert "dissolve it instead" in response.content.decode()
    assert StudyGroup.objects.filter(pk=found["group"].pk).exists()
    data = TestStudyGroupPages().valid_edit(world, found["group"])
    data["dissolved_on"] = "1953-12-31"
    client_for("manager_a").post(reverse("people:studygroup_edit", args=[found["group"].pk]), data)
    assert not found["group"].memberships.filter(left_on__isnull=True).exists()
    assert set(found["group"].memberships.values_list("left_on", flat=True)) == {D(1953, 12, 31)}


# Sessions and attendance


def session_data(day, present, topic="Tool angles"):
    return {"held_on": day, "topic": topic, "notes": "", "attendees": [p.pk for p in present]}


def test_a_session_is_recorded_with_the_members_present_and_its_rate(world, client_for):
    group = examples(world)["group"]
    people = world.people
    client = client_for("leader_a")
    url = reverse("people:studysession_add", args=[group.pk])
    form = client.get(url).context["form"]
    assert set(form.fields["attendees"].queryset.values_list("employee_number", flat=True)) == {
        "A-001",
        "A-002",
        "A-003",
    }
    response = client.post(
        url, session_data("1953-06-19", [people["leader_a"], people["worker_a"]])
    )
    assert response.status_code == 302
    body = group_page(client, group).content.decode()
    assert 'data-session="1953-06-19"' in body
    assert 'data-attendance="2/3"' in body and 'data-rate="67"' in body
    # The two sessions: 2 of 3 each.
    assert 'data-attendance-rate="67"' in body


def test_only_members_on_that_day_may_be_ticked_present(world, client_for):
    found = examples(world)
    group, people = found["group"], world.people
    found["member"].left_on = D(1953, 6, 30)
    found["member"].save()
    client = client_for("leader_a")
    url = reverse("people:studysession_add", args=[group.pk])
    late = client.post(url, session_data("1953-07-02", [people["worker_a"]]))
    assert late.status_code == 400
    assert "Not members of the group on 1953-07-02" in str(late.context["form"].errors)
    stranger = client.post(url, session_data("1953-06-19", [people["roller_b"]]))
    assert stranger.status_code == 400 and stranger.context["form"].errors["attendees"]
    before = client.post(url, session_data("1953-06-01", []))
    assert before.status_code == 400 and before.context["form"].errors["held_on"]


def test_editing_a_session_changes_its_attendance(world, client_for):
    found = examples(world)
    session = found["session"]
    response = client_for("leader_a").post(
        reverse("people:studysession_edit", args=[session.pk]),
        session_data("1953-06-12", [world.people["worker_a"]], topic="Grinding"),
    )
    assert response.status_code == 302
    assert list(session.attendees.values_list("employee_number", flat=True)) == ["A-002"]


# Solved problems and their links


@pytest.fixture
def linkable(world):
    """Proposals and key issues around plant A's turning group."""
    units = world.units
    beside = UnitFactory(
        code="plant-a-milling", parent=units["plant-a-machine"], kind=UnitKind.UNION_GROUP
    )
    authors = [world.people["leader_a"]]

    def issue(unit, title):
        return KeyIssue.objects.create(unit=unit, title=title)

    return {
        "own": make_proposal(units["plant-a-turning"], authors, title="Tool angle"),
        "above": make_proposal(units["plant-a"], authors, title="Plant-wide coolant"),
        "beside": make_proposal(beside, authors, title="Milling fixture"),
        "other_plant": make_proposal(units["plant-b-shift-1"], authors, title="Rolling guide"),
        "own_issue": issue(units["plant-a-turning"], "Cooler pipes too slow"),
        "beside_issue": issue(beside, "Milling cutter wear"),
    }


def problem_data(world, **links):
    data = TestSolvedProblemPages().valid_edit(world, None)
    data.update({name: value.pk for name, value in links.items()})
    return data


def test_a_problem_links_visible_proposals_of_the_units_line_only(world, client_for, linkable):
    group = examples(world)["group"]
    url = reverse("people:solvedproblem_add", args=[group.pk])
    leader_form = client_for("leader_a").get(url).context["form"]
    offered = set(leader_form.fields["proposal"].queryset)
    # The group leader sees the group's own proposals; the plant's are beyond their scope.
    assert offered == {linkable["own"]}
    manager = client_for("manager_a")
    manager_offered = set(manager.get(url).context["form"].fields["proposal"].queryset)
    assert manager_offered == {linkable["own"], linkable["above"]}
    for name in ("beside", "other_plant"):
        response = manager.post(url, problem_data(world, proposal=linkable[name]))
        assert response.status_code == 400 and response.context["form"].errors["proposal"]
    response = manager.post(
        url, problem_data(world, proposal=linkable["above"], key_issue=linkable["own_issue"])
    )
    assert response.status_code == 302
    refused = manager.post(url, problem_data(world, key_issue=linkable["beside_issue"]))
    assert refused.status_code == 400 and refused.context["form"].errors["key_issue"]


def test_a_problems_link_its_editor_may_not_see_is_neither_offered_nor_cleared(
    world, client_for, linkable
):
    problem = examples(world)["problem"]
    problem.proposal = linkable["above"]  # the plant's: beyond the group leader's scope
    problem.key_issue = linkable["own_issue"]
    problem.save()
    url = reverse("people:solvedproblem_edit", args=[problem.pk])
    client = client_for("leader_a")
    form = client.get(url).context["form"]
    assert set(form.fields["proposal"].queryset) == {linkable["own"]}
    assert linkable["above"].title not in client.get(url).content.decode()
    # Visible, the current key issue is still offered.
    assert linkable["own_issue"] in set(form.fields["key_issue"].queryset)
    data = problem_data(world, key_issue=linkable["own_issue"])
    data["title"] = "Cooler pipes in 7.5 hours"
    assert client.post(url, data).status_code == 302
    problem.refresh_from_db()
    assert problem.title == "Cooler pipes in 7.5 hours"
    assert problem.proposal == linkable["above"]
    # The manager, who sees it, is offered it and may clear it.
    manager = client_for("manager_a")
    assert linkable["above"] in set(manager.get(url).context["form"].fields["proposal"].queryset)
    assert manager.post(url, problem_data(world)).status_code == 302
    problem.refresh_from_db()
    assert problem.proposal is None and problem.key_issue is None


def test_the_group_page_links_the_problems_proposals_its_reader_may_open(
    world, client_for, linkable
):
    found = examples(world)
    problem = found["problem"]
    problem.proposal = linkable["above"]
    problem.key_issue = linkable["own_issue"]
    problem.save()
    manager_page = group_page(client_for("manager_a"), found["group"]).content.decode()
    assert linkable["above"].get_absolute_url() in manager_page
    # worker_a may see the group but not the plant's proposal: no link, no title.
    worker_page = group_page(client_for("worker_a"), found["group"]).content.decode()
    assert linkable["above"].title not in worker_page
    assert linkable["own_issue"].get_absolute_url() in worker_page
    detail = client_for("worker_a").get(problem.get_absolute_url()).content.decode()
    assert "data-proposal-link" not in detail and "data-key-issue-link" in detail


def test_solvers_are_members_on_the_day(world, client_for):
    found = examples(world)
    found["member"].left_on = D(1953, 6, 15)
    found["member"].save()
    data = problem_data(world)
    data["solved_by"] = [world.people["worker_a"].pk]
    response = client_for("leader_a").post(
        reverse("people:solvedproblem_add", args=[found["group"].pk]), data
    )
    assert response.status_code == 400
    assert "Not members of the group on 1953-06-17" in str(response.context["form"].errors)


# Demonstrations


def test_a_demonstration_ticks_people_of_its_unit_and_counts_them(world, client_for):
    data = TestDemonstrationPages().valid_edit(world, None)
    client = client_for("leader_a")
    form = client.get(reverse("people:demonstration_add")).context["form"]
    assert set(form.fields["attendees"].queryset.values_list("employee_number", flat=True)) == {
        "A-001",
        "A-002",
        "A-003",
    }
    meeting = make_meeting(world.units["plant-a-turning"], D(1953, 6, 20))
    data["meeting"] = meeting.pk
    response = client.post(reverse("people:demonstration_add"), data)
    assert response.status_code == 302
    demonstration = world.units["plant-a-turning"].demonstrations.get(topic=data["topic"])
    body = client.get(demonstration.get_absolute_url()).content.decode()
    assert 'data-attendee-count="2"' in body and "data-meeting-link" in body
    data["attendees"] = [world.people["roller_b"].pk]
    refused = client.post(reverse("people:demonstration_add"), data)
    assert refused.status_code == 400 and refused.context["form"].errors["attendees"]
    data.update(attendees=[], held_on="1953-06-21")
    wrong_day = client.post(reverse("people:demonstration_add"), data)
    assert "That meeting was held on 1953-06-20" in str(wrong_day.context["form"].errors["meeting"])


def test_demonstrations_list_shows_the_attendance_count(world, client_for):
    found = examples(world)
    response = client_for("worker_a").get(reverse("people:demonstration_list"))
    rows = {d.pk: d.attendee_count for d in response.context["page"].object_list}
    assert rows == {found["demonstration"].pk: 2}


# Lists


def test_the_group_list_filters_by_kind_unit_and_activity(world, client_for):
    found = examples(world)
    old = make_group(
        world.units["plant-a-turning"],
        world.people["worker_a"],
        kind=StudyGroupKind.STUDY,
        name="Reading group",
        dissolved_on=None,
    )
    old.dissolved_on = D(1954, 1, 1)
    old.save()
    client = client_for("admin")

    def listed(**query):
        response = client.get(reverse("people:studygroup_list"), {"per_page": 500, **query})
        return {g.pk for g in response.context["page"].object_list}

    assert listed(kind="study") == {old.pk}
    assert listed(active="1") == {found["group"].pk, found["b_group"].pk}
    assert listed(active="0") == {old.pk}
    assert listed(unit="plant-a") == {found["group"].pk, old.pk}
    assert listed(q="Reading") == {old.pk}
    counts = {
        g.pk: g.member_count
        for g in client.get(reverse("people:studygroup_list")).context["page"].object_list
    }
    assert counts[found["group"].pk] == 3


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_and_group_page_queries_do_not_grow_with_rows(world, client_for, settings):
    settings.GEXIN_FRAGMENT_CACHE = False
    found = examples(world)
    client = client_for("leader_a")
    group = found["group"]
    pages = [
        reverse("people:studygroup_list"),
        reverse("people:solvedproblem_list"),
        reverse("people:demonstration_list"),
        group.get_absolute_url(),
    ]
    before = [count_queries(client, url) for url in pages]
    for number in range(5):
        person = PersonFactory(employee_number=f"A-2{number}", unit=world.units["plant-a-turning"])
        add_member(group, person)
        make_session(group, D(1953, 7, 1 + number), [person])
        make_group(world.units["plant-a-turning"], person, kind="study", name=f"Study {number}")
        make_problem(group, D(1953, 7, 1 + number), [person], title=f"Problem {number}")
        make_demonstration(world.units["plant-a-turning"], person, D(1953, 7, 1 + number), [person])
    after = [count_queries(client, url) for url in pages]
    assert after == before


# Who keeps the groups


@pytest.mark.parametrize(
    "role,keeps,exports",
    [
        ("production_officer", True, False),
        ("culture_officer", True, False),
        ("technician", True, False),
        ("team_leader", True, False),
        ("deputy_leader", True, False),
        ("welfare_officer", False, False),
        ("committee_member", False, True),
    ],
)
def test_the_groups_officers_keep_them_and_the_committee_exports(world, role, keeps, exports):
    group = examples(world)["group"]
    user = UserFactory(username=f"holder-{role}")
    person = PersonFactory(
        employee_number=f"A-R-{role}", unit=world.units["plant-a-turning"], user=user
    )
    RoleAssignmentFactory(person=person, unit=world.units["plant-a-turning"], role=role)
    client = Client()
    client.force_login(user)
    assert client.get(group.get_absolute_url()).status_code == 200
    edit = client.get(reverse("people:studygroup_edit", args=[group.pk]))
    assert edit.status_code == (200 if keeps else 403)
    session = client.get(reverse("people:studysession_add", args=[group.pk]))
    assert session.status_code == (200 if keeps else 403)
    export = client.get(reverse("people:studygroup_list"), {"export": "csv"})
    assert export.status_code == (200 if exports else 403)


def test_a_leader_already_in_a_mutual_aid_group_cannot_lead_a_second(world, client_for):
    examples(world)  # leader_a leads plant A's mutual-aid group
    data = TestStudyGroupPages().valid_edit(world, None)
    data.update(name="Second group", leader="A-001", leader_role="member")
    response = client_for("leader_a").post(reverse("people:studygroup_add"), data)
    assert response.status_code == 400
    assert "at the same time in the mutual-aid group" in str(response.context["form"].errors)
    assert not StudyGroup.objects.filter(name="Second group").exists()


def test_a_refusal_after_the_form_passed_is_shown_on_the_form(world, client_for, monkeypatch):
    def refuse(session, attendees):
        raise ValidationError("Someone ended a membership meanwhile.")

    group = examples(world)["group"]
    monkeypatch.setattr(services, "save_session", refuse)
    response = client_for("leader_a").post(
        reverse("people:studysession_add", args=[group.pk]), session_data("1953-06-19", [])
    )
    assert response.status_code == 400
    assert "ended a membership meanwhile" in str(response.context["form"].non_field_errors())


# Cards on the unit's, the person's and the meeting's pages


def test_the_unit_person_and_meeting_pages_carry_the_groups_cards(world, client_for):
    found = examples(world)
    client = client_for("worker_a")
    cards = {
        "unit_groups_panel": (found["unit"], f'data-group="{found["group"].pk}"'),
        "person_groups_panel": (found["person"], f'data-membership="{found["group"].pk}"'),
        "meeting_demonstrations_panel": (
            found["meeting"],
            f'data-demonstration="{found["demonstration"].pk}"',
        ),
    }
    pages = {
        "unit_groups_panel": found["unit"].get_absolute_url(),
        "person_groups_panel": found["person"].get_absolute_url(),
        "meeting_demonstrations_panel": found["meeting"].get_absolute_url(),
    }
    for name, (owner, marker) in cards.items():
        url = reverse(f"people:{name}", args=[owner.pk])
        assert url in client.get(pages[name]).content.decode(), name
        assert marker in client.get(url).content.decode(), name
        assert client_for("worker_b").get(url).status_code == 404, name
    person_card = client.get(reverse("people:person_groups_panel", args=[found["person"].pk]))
    assert 'data-attended="1"' in person_card.content.decode()
    # A person in no group and at no demonstration gets no card.
    nobody = PersonFactory(employee_number="A-099", unit=world.units["plant-a-turning"])
    assert "study-groups/panel" not in client.get(nobody.get_absolute_url()).content.decode()
